package dev.strata.bench;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/** Counts Spark jobs and tasks, to show where two runs differ in work rather than in time alone. */
final class JobCounter extends SparkListener {
    private final AtomicLong jobs = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();

    /** A counter listening to {@code spark}'s jobs. */
    static JobCounter on(SparkSession spark) {
        JobCounter counter = new JobCounter();
        spark.sparkContext().addSparkListener(counter);
        return counter;
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        jobs.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        tasks.incrementAndGet();
    }

    void reset() {
        jobs.set(0);
        tasks.set(0);
    }

    long jobs() {
        return jobs.get();
    }

    long tasks() {
        return tasks.get();
    }

    /** Waits until every event so far has reached the counter: job events arrive asynchronously. */
    static void settle(SparkSession spark) {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
