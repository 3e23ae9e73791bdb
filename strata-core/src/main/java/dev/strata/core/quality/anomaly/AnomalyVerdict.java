package dev.strata.core.quality.anomaly;

import static java.util.Objects.requireNonNull;

/**
 * What an anomaly rule concluded about a run's metric value. {@code expected} is the allowed range in words, or null
 * when there was not enough history to compute it; {@code message} is one line for the run summary.
 */
public record AnomalyVerdict(boolean anomalous, boolean enoughHistory, String expected, String message) {
    public AnomalyVerdict {
        requireNonNull(message, "message is null");
        if (anomalous && !enoughHistory) {
            throw new IllegalArgumentException("a value cannot be anomalous without enough history");
        }
    }
}
