package dev.strata.core.quality;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The histories of several metrics of one dataset, each as {@link #history} gives it with no run excluded, by key
     * in the order of {@code keys}; a metric no run recorded has an empty list. A store answers them in one query.
     */
    default Map<MetricKey, List<MetricPoint>> histories(
            String pipeline, String dataset, Collection<MetricKey> keys, int limit) {
        Map<MetricKey, List<MetricPoint>> histories = new LinkedHashMap<>();
        for (MetricKey key : keys) {
            histories.put(key, history(pipeline, dataset, key, limit, null));
        }
        return histories;
    }

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
