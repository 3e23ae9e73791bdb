package dev.strata.engine.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Follows one run's Spark jobs, by the run and dataset {@link DatasetScheduler} tags them with: counts each dataset's
 * jobs, and sums the rows its finished tasks read and wrote, which it forwards to a {@link RunListener}.
 */
final class TaskProgressListener extends SparkListener {
    private final RunListener listener;
    private final String runId;
    /** The dataset each stage of the run's jobs works for. */
    private final Map<Integer, String> stages = new ConcurrentHashMap<>();
    /** Per dataset: rows read, rows written. */
    private final Map<String, long[]> rows = new ConcurrentHashMap<>();

    private final Map<String, AtomicLong> jobs = new ConcurrentHashMap<>();

    TaskProgressListener(RunListener listener, String runId) {
        this.listener = listener;
        this.runId = runId;
    }

    /** Starts counting a dataset's rows again, as it starts (a retry starts from 0 too). */
    void reset(String dataset) {
        rows.remove(dataset);
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        Properties properties = event.properties();
        if (properties == null || !runId.equals(properties.getProperty(DatasetScheduler.RUN_PROPERTY))) {
            return;
        }
        String dataset = properties.getProperty(DatasetScheduler.DATASET_PROPERTY);
        if (dataset == null) {
            return;
        }
        jobs.computeIfAbsent(dataset, d -> new AtomicLong()).incrementAndGet();
        scala.collection.JavaConverters.seqAsJavaList(event.stageIds())
                .forEach(stage -> stages.put((Integer) stage, dataset));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        TaskMetrics metrics = event.taskMetrics();
        String dataset = stages.get(event.stageId());
        if (metrics == null || dataset == null) {
            return; // a task that failed before it measured anything, or not the run's
        }
        long[] now = rows.compute(dataset, (d, sums) -> new long[] {
            (sums == null ? 0 : sums[0]) + metrics.inputMetrics().recordsRead(),
            (sums == null ? 0 : sums[1]) + metrics.outputMetrics().recordsWritten()
        });
        listener.rowsProgress(dataset, now[0], now[1]);
    }

    /** The Spark jobs each dataset started so far, once every event Spark has posted has arrived here. */
    Map<String, Long> jobs(SparkContext context) {
        try {
            context.listenerBus().waitUntilEmpty();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        jobs.forEach((dataset, count) -> counts.put(dataset, count.get()));
        return counts;
    }
}
