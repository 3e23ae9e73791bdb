package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationRuleTest {
    /** x = 1, 2, 3, 4 and y = 2, 4, 5, 9: Σdx·dy = 11, Σdx² = 5, Σdy² = 26, so r = 11 / √130. */
    private static final double CORRELATION = 11 / Math.sqrt(130);

    private static final JudgeContext CONTEXT =
            new JudgeContext(new Verdicts.Context(MetricHistory.none(), "p", "d", "r", Instant.EPOCH), Map.of());

    private static RuleSpec rule(Double min, Double max) {
        return RuleSpec.builder(RuleType.CORRELATION)
                .columns(List.of("x", "y"))
                .min(min)
                .max(max)
                .build();
    }

    private static RuleResult judge(RuleSpec rule, Double correlation) {
        BatchMetrics metrics = BatchMetrics.builder(List.of())
                .put(new CorrelationRule.Correlation("x", "y", null), correlation)
                .build();
        return RuleKinds.of(RuleType.CORRELATION).judge(rule, metrics, CONTEXT).result();
    }

    @Test
    void passesWithinItsBounds() {
        RuleResult result = judge(rule(0.9, 1.0), CORRELATION);

        assertThat(result.status()).isEqualTo(RuleStatus.PASSED);
        assertThat(result.value()).isEqualTo(0.9647638212377322);
        assertThat(result.name()).isEqualTo("correlation(x,y)");
    }

    @Test
    void warnsOutsideItsBounds() {
        RuleResult result = judge(rule(-0.5, 0.5), CORRELATION);

        assertThat(result.status()).isEqualTo(RuleStatus.WARNED);
        assertThat(result.message()).isEqualTo("correlation(x,y): measured 0.964764, expected -0.5 .. 0.5");
    }

    @Test
    void zeroVarianceIsNaNAndFailsTheRule() {
        RuleResult result = judge(rule(-1.0, 1.0), Double.NaN);

        assertThat(result.status()).isEqualTo(RuleStatus.WARNED);
        assertThat(result.value()).isNull();
        assertThat(result.message()).contains("zero variance");
    }

    @Test
    void asksForItsOwnMetricOfTheTwoColumns() {
        assertThat(RuleKinds.of(RuleType.CORRELATION).metrics(rule(0.0, null)))
                .containsExactly(new CorrelationRule.Correlation("x", "y", null));
    }
}
