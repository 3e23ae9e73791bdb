package dev.strata.core.quality.anomaly;

import java.util.List;

/** Finds anomalies in a metric's series, as Deequ's {@code AnomalyDetectionStrategy} does. */
public interface AnomalyDetectionStrategy {
    /**
     * The anomalies at indices {@code [start, end)} of {@code series}, in index order; the values before {@code start}
     * are the history they are judged against. {@code end} may exceed the series' length.
     */
    List<Anomaly> detect(double[] series, int start, int end);
}
