package dev.strata.core.quality;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A metric's value in one past run (or one imported point), and the anomaly rules that flagged it in that run, by name:
 * the normal strategies leave out of their statistics the values their own rule flagged.
 */
public record MetricPoint(String runId, Instant recordedAt, double value, List<String> flaggedBy) {
    public MetricPoint {
        requireNonNull(runId, "runId is null");
        requireNonNull(recordedAt, "recordedAt is null");
        flaggedBy = flaggedBy == null ? List.of() : List.copyOf(flaggedBy);
    }

    public MetricPoint(String runId, Instant recordedAt, double value) {
        this(runId, recordedAt, value, List.of());
    }
}
