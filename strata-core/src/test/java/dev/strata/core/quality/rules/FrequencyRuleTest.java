package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.MeasuredColumn;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.quality.rules.FrequencyRule.Frequencies;
import dev.strata.core.quality.rules.FrequencyRule.Frequency;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrequencyRuleTest {
    private static final JudgeContext CONTEXT =
            new JudgeContext(new Verdicts.Context(MetricHistory.none(), "p", "d", "r", Instant.EPOCH), Map.of());

    /** Keys a, a, b, c, d, d, d: 7 rows, 2 values seen once, 4 distinct. */
    private static final Frequency COUNTS = new Frequency(7, 2, 4, 2 * Math.log(2) + 3 * Math.log(3));

    private static RuleKind.Judged judge(RuleSpec rule, Frequency counts) {
        BatchMetrics metrics = BatchMetrics.builder(List.of())
                .put(new Frequencies(rule.targetColumns(), rule.where()), counts)
                .build();
        return RuleKinds.of(rule.rule()).judge(rule, metrics, CONTEXT);
    }

    @Test
    void measuresDeequsRatiosFromOneSetOfCounts() {
        RuleSpec uniqueness =
                RuleSpec.builder(RuleType.UNIQUENESS).column("k").min(0).build();
        RuleSpec distinctness =
                RuleSpec.builder(RuleType.DISTINCTNESS).column("k").min(0).build();
        RuleSpec ratio =
                RuleSpec.builder(RuleType.UNIQUE_VALUE_RATIO).column("k").min(0).build();

        assertThat(judge(uniqueness, COUNTS).result().value()).isEqualTo(2.0 / 7);
        assertThat(judge(distinctness, COUNTS).result().value()).isEqualTo(4.0 / 7);
        assertThat(judge(ratio, COUNTS).result().value()).isEqualTo(2.0 / 4);
        assertThat(judge(ratio, COUNTS).metrics().get(0).key())
                .isEqualTo(MetricKey.of("value", "unique_value_ratio(k)"));
    }

    @Test
    void failsBelowItsMinimumWithTheMeasuredRatio() {
        RuleSpec rule = RuleSpec.builder(RuleType.UNIQUENESS)
                .columns(List.of("k", "day"))
                .min(0.99)
                .onFail(OnFail.FAIL)
                .build();

        RuleResult result = judge(rule, COUNTS).result();

        assertThat(result.status()).isEqualTo(RuleStatus.FAILED);
        assertThat(result.message()).isEqualTo("uniqueness(k,day): measured 0.285714, expected >= 0.99");
    }

    @Test
    void hasNothingToMeasureWhenNoRowHasAValue() {
        RuleSpec rule =
                RuleSpec.builder(RuleType.DISTINCTNESS).column("k").min(0).build();

        RuleResult result = judge(rule, new Frequency(0, 0, 0, 0)).result();

        assertThat(result.status()).isEqualTo(RuleStatus.WARNED);
        assertThat(result.value()).isNull();
        assertThat(result.message()).isEqualTo("distinctness(k): nothing to measure (no rows with a value in k)");
    }

    @Test
    void ratiosAndEntropyOnTheSameColumnShareOneGrouping() {
        List<RuleSpec> rules = List.of(
                RuleSpec.builder(RuleType.UNIQUENESS).column("k").min(0).build(),
                RuleSpec.builder(RuleType.DISTINCTNESS).column("k").min(0).build(),
                RuleSpec.builder(RuleType.UNIQUE_VALUE_RATIO).column("k").min(0).build(),
                RuleSpec.builder(RuleType.ENTROPY).column("k").min(0).build(),
                RuleSpec.builder(RuleType.UNIQUENESS)
                        .column("k")
                        .where("day > 1")
                        .min(0)
                        .build());

        List<Metric<?>> written = new MetricPlan(rules).written(List.of(new MeasuredColumn("k", ColumnKind.STRING)));

        assertThat(written.stream().filter(m -> m instanceof Frequencies))
                .as("one grouping per set of columns and where")
                .containsExactly(new Frequencies(List.of("k"), null), new Frequencies(List.of("k"), "day > 1"));
    }
}
