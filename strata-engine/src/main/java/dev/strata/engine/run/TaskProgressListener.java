package dev.strata.engine.run;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Sums the rows Spark's finished tasks read and wrote, and forwards the totals to a {@link RunListener}. */
final class TaskProgressListener extends SparkListener {
    private final RunListener listener;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    TaskProgressListener(RunListener listener) {
        this.listener = listener;
    }

    /** Starts counting again, for the next dataset. */
    void reset() {
        read.set(0);
        written.set(0);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        TaskMetrics metrics = event.taskMetrics();
        if (metrics == null) {
            return; // a task that failed before it measured anything
        }
        long readNow = read.addAndGet(metrics.inputMetrics().recordsRead());
        long writtenNow = written.addAndGet(metrics.outputMetrics().recordsWritten());
        listener.rowsProgress(readNow, writtenNow);
    }
}
