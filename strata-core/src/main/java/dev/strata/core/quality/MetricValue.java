package dev.strata.core.quality;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One metric of one batch. {@code partition} is empty for the whole batch. {@code state} holds what another batch's
 * state merges with (count, sum, mean and M2, min, max, an HLL sketch in base64), so per-partition and per-micro-batch
 * values combine exactly; it is empty for metrics that are not mergeable. {@code flaggedBy} names the anomaly rules
 * that flagged this value in this run.
 */
public record MetricValue(
        MetricKey key, String partition, double value, Map<String, Object> state, List<String> flaggedBy) {
    /** The state's one key when the store could not read it back: why, in words. */
    public static final String UNREADABLE = "unreadable";

    public MetricValue {
        requireNonNull(key, "key is null");
        partition = partition == null ? "" : partition;
        state = state == null ? Map.of() : Map.copyOf(state);
        flaggedBy = flaggedBy == null ? List.of() : List.copyOf(flaggedBy);
    }

    public MetricValue(MetricKey key, String partition, double value, Map<String, Object> state) {
        this(key, partition, value, state, List.of());
    }

    /** This value, flagged by the anomaly rule of this name (stored with it, see {@link MetricPoint#flaggedBy()}). */
    public MetricValue flaggedBy(String rule) {
        List<String> rules = new ArrayList<>(flaggedBy);
        if (!rules.contains(rule)) {
            rules.add(rule);
        }
        return new MetricValue(key, partition, value, state, rules);
    }

    public static MetricValue of(MetricKey key, double value) {
        return new MetricValue(key, "", value, Map.of());
    }
}
