package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.MeasuredColumn;
import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.quality.metric.Metrics.CheckedRows;
import dev.strata.core.quality.metric.Metrics.FailedRows;
import dev.strata.core.quality.metric.Metrics.Flagged;
import dev.strata.core.quality.metric.Metrics.NonNull;
import dev.strata.core.quality.metric.Metrics.Repeats;
import dev.strata.core.quality.metric.Metrics.Rows;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.NullHandling;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What rules report for NULL keys, an empty batch and {@code nulls: ignore}, from measured counts alone. */
class RuleSemanticsTest {
    private static final Verdicts.Context RUN =
            new Verdicts.Context(MetricHistory.none(), "p", "d", "r", Instant.EPOCH);

    private static Map<MetricKey, Double> values(Verdicts.Verdict verdict) {
        Map<MetricKey, Double> values = new HashMap<>();
        verdict.metrics().forEach(m -> values.put(m.key(), m.value()));
        return values;
    }

    @Test
    void uniqueLeavesOutRowsWhoseKeyIsNullSoItsPassRateIsItsUniqueness() {
        // 10 rows: 2 with a NULL key, 8 keyed; keys 1, 1, 1, 2, 2, 3, 4, 5: 5 rows repeat (2 keys), 3 are unique.
        RuleSpec unique = RuleSpec.builder(RuleType.UNIQUE).column("id").build();
        BatchMetrics metrics = batch(10, 10)
                .put(UniqueRule.keyed(unique), 8L)
                .put(UniqueRule.repeated(unique), new Repeats(5, 2))
                .build();

        Verdicts.Verdict verdict = Verdicts.judge(List.of(unique), metrics, counts(10), RUN);

        RuleResult result = verdict.rules().get(0);
        assertThat(result.checked()).as("rows with a NULL key are not checked").isEqualTo(8);
        assertThat(result.failed()).isEqualTo(5);
        assertThat(values(verdict))
                .containsEntry(MetricKey.of("pass_rate", "unique(id)"), 3.0 / 8)
                .containsEntry(MetricKey.of("uniqueness", "id"), 3.0 / 8)
                .containsEntry(MetricKey.of("distinctness", "id"), 5.0 / 8);
        assertThat(result.value()).as("the measured value is the pass fraction").isEqualTo(3.0 / 8);
        assertThat(result.measuredPassFraction()).isEqualTo(3.0 / 8);
    }

    @Test
    void anEmptyBatchHasNoValueForAnyMetricAndEveryRuleSaysSo() {
        RuleSpec unique = RuleSpec.builder(RuleType.UNIQUE).column("id").build();
        RuleSpec notNull = RuleSpec.of(RuleType.NOT_NULL, "id", OnFail.WARN);
        RuleSpec completeness =
                RuleSpec.builder(RuleType.COMPLETENESS).column("id").min(0.9).build();
        RuleSpec mean = RuleSpec.builder(RuleType.MEAN).column("id").min(0).build();
        BatchMetrics metrics = batch(0, 0)
                .put(UniqueRule.keyed(unique), 0L)
                .put(UniqueRule.repeated(unique), new Repeats(0, 0))
                .put(new FailedRows(notNull), 0L)
                .put(new NonNull("id"), 0L)
                .build();

        Verdicts.Verdict verdict =
                Verdicts.judge(List.of(unique, notNull, completeness, mean), metrics, counts(0), RUN);

        Map<MetricKey, Double> values = values(verdict);
        for (String key : List.of(
                "completeness(id)",
                "uniqueness(id)",
                "distinctness(id)",
                "pass_rate(unique(id))",
                "pass_rate(not_null(id))",
                "value(completeness(id))",
                "value(mean(id))")) {
            assertThat(values.get(MetricKey.parse(key))).as(key).isNaN();
        }
        assertThat(verdict.rules())
                .extracting(RuleResult::message)
                .containsExactly(
                        "unique(id): nothing to measure (no rows checked)",
                        "not_null(id): nothing to measure (no rows checked)",
                        "completeness(id): nothing to measure (no rows, or id is not a number or is always NULL)",
                        "mean(id): nothing to measure (no rows, or id is not a number or is always NULL)");
        assertThat(verdict.rules())
                .as("no row broke a row rule; a whole-batch rule has no value to hold its bounds")
                .extracting(RuleResult::status)
                .containsExactly(RuleStatus.PASSED, RuleStatus.PASSED, RuleStatus.WARNED, RuleStatus.WARNED);
        assertThat(verdict.rules()).extracting(RuleResult::measuredPassFraction).containsExactly(null, null, 0.0, 0.0);
    }

    @Test
    void anAnomalyRuleOnAMetricWithNoValueHasNothingToMeasure() {
        RuleSpec anomaly = RuleSpec.builder(RuleType.ANOMALY)
                .metric("completeness(id)")
                .strategy(dev.strata.core.spec.AnomalyStrategy.SIMPLE_THRESHOLD)
                .min(0.5)
                .build();

        RuleResult result = Verdicts.judge(List.of(anomaly), batch(0, 0).build(), counts(0), RUN)
                .rules()
                .get(0);

        assertThat(result.status()).isEqualTo(RuleStatus.PASSED);
        assertThat(result.message())
                .isEqualTo(
                        "anomaly(completeness(id)): nothing to measure (completeness(id) has no value in this batch)");
    }

    @Test
    void ignoredNullsAreOutOfTheCheckedRows() {
        RuleSpec inSet = RuleSpec.builder(RuleType.IN_SET)
                .column("country")
                .values(List.of("DE"))
                .nulls(NullHandling.IGNORE)
                .build();
        BatchMetrics metrics = batch(10, 10)
                .put(new CheckedRows("`country` IS NOT NULL"), 6L)
                .put(new FailedRows(inSet), 3L)
                .build();

        RuleResult result =
                Verdicts.judge(List.of(inSet), metrics, counts(10), RUN).rules().get(0);

        assertThat(result.checked()).isEqualTo(6);
        assertThat(result.passFraction()).isEqualTo(0.5);
    }

    private static BatchMetrics.Builder batch(long rows, long written) {
        return BatchMetrics.builder(List.of(new MeasuredColumn("id", ColumnKind.INTEGRAL)))
                .put(new Rows(Population.BATCH), rows)
                .put(new Rows(Population.WRITTEN), written)
                .put(new Flagged(OnFail.QUARANTINE), 0L)
                .put(new Flagged(OnFail.DROP), 0L)
                .put(new NonNull("id"), written);
    }

    private static Verdicts.Counts counts(long rows) {
        return new Verdicts.Counts(rows, rows, 0, 0);
    }
}
