package dev.strata.engine.run;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts Spark tasks submitted and finished, and forwards them to a {@link RunListener}. */
final class TaskProgressListener extends SparkListener {
    private final RunListener listener;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();

    TaskProgressListener(RunListener listener) {
        this.listener = listener;
    }

    void reset() {
        submitted.set(0);
        done.set(0);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        listener.tasksProgress(done.get(), submitted.addAndGet(event.stageInfo().numTasks()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        listener.tasksProgress(done.incrementAndGet(), submitted.get());
    }
}
