package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

/** Two micro-batches' metrics merge into exactly what one batch of all their rows would have measured. */
class MetricMergeTest {
    /** Batch a: amounts 1, 2, 3 (one email missing of 3); batch b: amounts 10, 20 (both emails present). */
    @Test
    void mergesCountsMomentsCompletenessAndSketches() {
        List<MetricValue> a = List.of(
                MetricValue.of(MetricKey.of("row_count"), 3),
                moments("mean", 3, 2.0, 2.0),
                moments("stddev", 3, 2.0, 2.0),
                new MetricValue(MetricKey.of("completeness", "email"), "", 2.0 / 3, Map.of("count", 2L, "rows", 3L)),
                MetricValue.of(MetricKey.of("min", "amount"), 1),
                sketch("x", "y", "z"),
                MetricValue.of(MetricKey.of("uniqueness", "id"), 1.0));
        List<MetricValue> b = List.of(
                MetricValue.of(MetricKey.of("row_count"), 2),
                moments("mean", 2, 15.0, 50.0),
                moments("stddev", 2, 15.0, 50.0),
                new MetricValue(MetricKey.of("completeness", "email"), "", 1.0, Map.of("count", 2L, "rows", 2L)),
                MetricValue.of(MetricKey.of("min", "amount"), 10),
                sketch("y", "w"),
                MetricValue.of(MetricKey.of("uniqueness", "id"), 1.0));

        MetricMerge.Merged run = MetricMerge.merge(List.of(a, b), List.of());
        Map<String, Double> merged =
                run.metrics().stream().collect(Collectors.toMap(m -> m.key().toString(), MetricValue::value));

        // All five amounts: 1, 2, 3, 10, 20 -> mean 7.2, population variance 50.96.
        assertThat(merged.get("row_count")).isEqualTo(5.0);
        assertThat(merged.get("mean(amount)")).isCloseTo(7.2, within(1e-12));
        assertThat(merged.get("stddev(amount)")).isCloseTo(Math.sqrt(50.96), within(1e-12));
        assertThat(merged.get("completeness(email)")).isEqualTo(0.8);
        assertThat(merged.get("min(amount)")).isEqualTo(1.0);
        assertThat(merged.get("distinct_count(key)")).as("x, y, z, w").isEqualTo(4.0);
        assertThat(merged).as("uniqueness does not merge").doesNotContainKey("uniqueness(id)");
        assertThat(run.uncombined()).containsExactly(MetricKey.of("uniqueness", "id"));
    }

    @Test
    void aRuleValueThatIsAStoredMetricCombinesAsThatMetricAndAnOwnAggregateDoesNot() {
        MetricKey completenessRule = MetricKey.of("value", "completeness(email)");
        MetricKey aggregateRule = MetricKey.of("value", "revenue");
        List<MetricValue> a = List.of(
                new MetricValue(MetricKey.of("completeness", "email"), "", 2.0 / 3, Map.of("count", 2L, "rows", 3L)),
                new MetricValue(completenessRule, "", 2.0 / 3, Map.of("same_as", "completeness(email)")),
                MetricValue.of(aggregateRule, 6));
        List<MetricValue> b = List.of(
                new MetricValue(MetricKey.of("completeness", "email"), "", 1.0, Map.of("count", 2L, "rows", 2L)),
                new MetricValue(completenessRule, "", 1.0, Map.of("same_as", "completeness(email)")),
                MetricValue.of(aggregateRule, 30));

        MetricMerge.Merged run = MetricMerge.merge(List.of(a, b), List.of());

        assertThat(run.metrics())
                .filteredOn(m -> m.key().equals(completenessRule))
                .extracting(MetricValue::value)
                .containsExactly(0.8);
        assertThat(run.metrics()).extracting(MetricValue::key).doesNotContain(aggregateRule);
        assertThat(run.uncombined()).containsExactly(aggregateRule);
    }

    @Test
    void passRatesComeFromTheCombinedRuleResults() {
        MetricKey passRate = MetricKey.of("pass_rate", "not_null(id)");
        RuleResult combined =
                new RuleResult("not_null(id)", "not_null", "warn", 5, 4, 1, RuleStatus.WARNED, null, null, null);
        List<MetricValue> merged = MetricMerge.merge(
                        List.of(List.of(MetricValue.of(passRate, 1.0)), List.of(MetricValue.of(passRate, 0.5))),
                        List.of(combined))
                .metrics();
        assertThat(merged.stream().collect(Collectors.toMap(MetricValue::key, Function.identity())))
                .extractingByKey(passRate)
                .extracting(MetricValue::value)
                .isEqualTo(0.8);
    }

    private static MetricValue moments(String metric, long n, double mean, double m2) {
        double value = metric.equals("mean") ? mean : Math.sqrt(m2 / n);
        return new MetricValue(MetricKey.of(metric, "amount"), "", value, Map.of("n", n, "mean", mean, "m2", m2));
    }

    private static MetricValue sketch(String... values) {
        HllSketch sketch = new HllSketch(BatchQuality.HLL_LG_K);
        for (String value : values) {
            sketch.update(value);
        }
        return new MetricValue(
                MetricKey.of("distinct_count", "key"),
                "",
                values.length,
                Map.of("hll", Base64.getEncoder().encodeToString(sketch.toCompactByteArray())));
    }
}
