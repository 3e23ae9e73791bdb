package dev.strata.core.quality.anomaly;

/** A strategy that can say which range the value at an index was compared with, for messages. */
interface BoundedStrategy extends AnomalyDetectionStrategy {
    /** The bounds of the value at {@code index}, judged against the values before it. */
    Bounds bounds(double[] series, int index);
}
