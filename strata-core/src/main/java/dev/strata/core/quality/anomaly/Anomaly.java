package dev.strata.core.quality.anomaly;

import static java.util.Objects.requireNonNull;

/**
 * A point a strategy flagged: its index in the series, its value, the strategy's confidence (always 1.0, as in Deequ)
 * and why it was flagged.
 */
public record Anomaly(int index, double value, double confidence, String detail) {
    public Anomaly {
        requireNonNull(detail, "detail is null");
    }
}
