package dev.strata.engine.quality;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.rules.ValueRuleKind;
import dev.strata.core.run.RuleResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * Combines the metrics of several batches of one run (a Kafka source's micro-batches) into the run's metrics, from
 * their mergeable states: counts and sums add, min and max take the extreme, completeness adds its counts, mean and
 * standard deviation merge their moments (Chan et al.), distinct counts union their HLL sketches. Metrics without a
 * mergeable state (uniqueness, distinctness, a rule's own aggregate) are not combined: they hold within one batch only,
 * and {@link Merged#uncombined} names them. A rule's value that is another stored metric (a completeness rule's without
 * {@code where}, say) combines as that metric does.
 */
public final class MetricMerge {
    private static final Set<String> ADDITIVE =
            Set.of("row_count", "rows_in", "rows_quarantined", "rows_dropped", "null_count", "failed_count", "sum");

    private MetricMerge() {}

    /** A run's combined metrics, and the metrics its batches measured that do not combine (left out). */
    public record Merged(List<MetricValue> metrics, Set<MetricKey> uncombined) {}

    /** The run's metrics from its batches' metrics, in first-seen order; {@code rules} are the combined results. */
    public static Merged merge(List<List<MetricValue>> batches, List<RuleResult> rules) {
        if (batches.size() == 1) {
            return new Merged(batches.get(0), Set.of());
        }
        Set<MetricKey> uncombined = new LinkedHashSet<>();
        Map<MetricKey, List<MetricValue>> byKey = new LinkedHashMap<>();
        batches.forEach(batch -> batch.forEach(
                m -> byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m)));
        Map<MetricKey, MetricValue> merged = new LinkedHashMap<>();
        for (Map.Entry<MetricKey, List<MetricValue>> entry : byKey.entrySet()) {
            MetricValue value = merge(entry.getKey(), entry.getValue());
            if (value != null) {
                merged.put(entry.getKey(), value);
            }
        }
        // A rule's value that is another stored metric combines as that metric did.
        for (Map.Entry<MetricKey, List<MetricValue>> entry : byKey.entrySet()) {
            Object sameAs = entry.getValue().get(0).state().get(ValueRuleKind.SAME_AS);
            MetricValue same = sameAs == null ? null : merged.get(MetricKey.parse((String) sameAs));
            if (same != null) {
                merged.put(
                        entry.getKey(),
                        new MetricValue(entry.getKey(), "", same.value(), Map.of(ValueRuleKind.SAME_AS, sameAs)));
            } else if (!merged.containsKey(entry.getKey())) {
                uncombined.add(entry.getKey());
            }
        }
        for (RuleResult rule : rules) {
            MetricKey passRate = MetricKey.of("pass_rate", rule.name());
            double fraction = rule.checked() == 0 ? Double.NaN : rule.passFraction();
            merged.computeIfPresent(passRate, (key, m) -> MetricValue.of(passRate, fraction));
        }
        return new Merged(List.copyOf(merged.values()), uncombined);
    }

    private static MetricValue merge(MetricKey key, List<MetricValue> values) {
        String metric = key.metric();
        if (ADDITIVE.contains(metric)) {
            return MetricValue.of(
                    key, values.stream().mapToDouble(MetricValue::value).sum());
        }
        return switch (metric) {
            case "pass_rate" -> values.get(values.size() - 1);
            case "min" ->
                MetricValue.of(
                        key,
                        values.stream().mapToDouble(MetricValue::value).min().orElseThrow());
            case "max" ->
                MetricValue.of(
                        key,
                        values.stream().mapToDouble(MetricValue::value).max().orElseThrow());
            case "completeness" -> {
                long count = 0;
                long rows = 0;
                for (MetricValue value : values) {
                    count += ((Number) value.state().get("count")).longValue();
                    rows += ((Number) value.state().get("rows")).longValue();
                }
                yield new MetricValue(
                        key, "", rows == 0 ? Double.NaN : (double) count / rows, Map.of("count", count, "rows", rows));
            }
            case "mean", "stddev" -> moments(key, values);
            case "distinct_count" -> distinct(key, values);
            default -> null;
        };
    }

    /** Chan et al.'s pairwise merge of (n, mean, M2). */
    private static MetricValue moments(MetricKey key, List<MetricValue> values) {
        double n = 0;
        double mean = 0;
        double m2 = 0;
        for (MetricValue value : values) {
            double nb = ((Number) value.state().get("n")).doubleValue();
            double meanB = ((Number) value.state().get("mean")).doubleValue();
            double m2b = ((Number) value.state().get("m2")).doubleValue();
            double total = n + nb;
            double delta = meanB - mean;
            mean = total == 0 ? 0 : mean + delta * nb / total;
            m2 = total == 0 ? 0 : m2 + m2b + delta * delta * n * nb / total;
            n = total;
        }
        double result = key.metric().equals("mean") ? mean : Math.sqrt(n == 0 ? 0 : m2 / n);
        return new MetricValue(key, "", result, Map.of("n", (long) n, "mean", mean, "m2", m2));
    }

    private static MetricValue distinct(MetricKey key, List<MetricValue> values) {
        Union union = new Union(BatchQuality.HLL_LG_K);
        for (MetricValue value : values) {
            Object sketch = value.state().get("hll");
            if (sketch != null) {
                union.update(HllSketch.heapify(Memory.wrap(Base64.getDecoder().decode((String) sketch))));
            }
        }
        byte[] bytes = union.toCompactByteArray();
        return new MetricValue(
                key,
                "",
                Math.round(union.getEstimate()),
                Map.of("hll", Base64.getEncoder().encodeToString(bytes)));
    }
}
