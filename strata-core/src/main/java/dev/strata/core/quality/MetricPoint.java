package dev.strata.core.quality;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A metric's value in one past run. */
public record MetricPoint(String runId, Instant recordedAt, double value) {
    public MetricPoint {
        requireNonNull(runId, "runId is null");
        requireNonNull(recordedAt, "recordedAt is null");
    }
}
