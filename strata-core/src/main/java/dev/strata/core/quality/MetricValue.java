package dev.strata.core.quality;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One metric of one batch. {@code partition} is empty for the whole batch. {@code state} holds what another batch's
 * state merges with (count, sum, mean and M2, min, max, an HLL sketch in base64), so per-partition and per-micro-batch
 * values combine exactly; it is empty for metrics that are not mergeable.
 */
public record MetricValue(MetricKey key, String partition, double value, Map<String, Object> state) {
    /** The state's one key when the store could not read it back: why, in words. */
    public static final String UNREADABLE = "unreadable";

    public MetricValue {
        requireNonNull(key, "key is null");
        partition = partition == null ? "" : partition;
        state = state == null ? Map.of() : Map.copyOf(state);
    }

    public static MetricValue of(MetricKey key, double value) {
        return new MetricValue(key, "", value, Map.of());
    }
}
