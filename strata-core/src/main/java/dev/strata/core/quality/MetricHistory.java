package dev.strata.core.quality;

import java.util.List;

/**
 * Where runs record their metrics, and where anomaly rules and reports read past ones: the metadata store. The engine
 * sees only this interface, so it never needs to know which database holds the history.
 */
public interface MetricHistory {
    /** Records one dataset's metrics for one run, replacing what the same run recorded before. */
    void record(DatasetMetrics metrics);

    /**
     * The metric's values in the {@code limit} most recent runs of the dataset, oldest first, excluding {@code
     * excludingRunId} (the run asking), so a retried run does not compare with itself.
     */
    List<MetricPoint> history(String pipeline, String dataset, MetricKey key, int limit, String excludingRunId);

    /** A history that keeps nothing, for runs without a metadata store. */
    static MetricHistory none() {
        return new MetricHistory() {
            @Override
            public void record(DatasetMetrics metrics) {}

            @Override
            public List<MetricPoint> history(
                    String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
                return List.of();
            }
        };
    }
}
