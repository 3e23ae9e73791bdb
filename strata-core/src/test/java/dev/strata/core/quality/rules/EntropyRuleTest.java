package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntropyRuleTest {
    /** a, a, b, c: p = 1/2, 1/4, 1/4, so H = -(1/2 ln 1/2 + 2 · 1/4 ln 1/4) = 3/2 ln 2. */
    private static final double ENTROPY = 1.5 * Math.log(2);

    private static final JudgeContext CONTEXT =
            new JudgeContext(new Verdicts.Context(MetricHistory.none(), "p", "d", "r", Instant.EPOCH), Map.of());

    private static RuleKind.Judged judge(RuleSpec rule, Double entropy) {
        BatchMetrics metrics = BatchMetrics.builder(List.of())
                .put(new EntropyRule.Entropy("country", null), entropy)
                .build();
        return RuleKinds.of(RuleType.ENTROPY).judge(rule, metrics, CONTEXT);
    }

    @Test
    void passesWithinItsBoundsAndStoresTheValue() {
        RuleSpec rule = RuleSpec.builder(RuleType.ENTROPY)
                .column("country")
                .min(1)
                .max(1.1)
                .build();

        RuleKind.Judged judged = judge(rule, ENTROPY);

        assertThat(judged.result().status()).isEqualTo(RuleStatus.PASSED);
        assertThat(judged.result().value()).isEqualTo(1.0397207708399179);
        assertThat(judged.metrics().get(0).key()).isEqualTo(MetricKey.of("value", "entropy(country)"));
    }

    @Test
    void failsOutsideItsBoundsWithTheMeasuredValue() {
        RuleSpec rule = RuleSpec.builder(RuleType.ENTROPY)
                .column("country")
                .max(1.0)
                .onFail(OnFail.FAIL)
                .build();

        RuleResult result = judge(rule, ENTROPY).result();

        assertThat(result.status()).isEqualTo(RuleStatus.FAILED);
        assertThat(result.message()).isEqualTo("entropy(country): measured 1.03972, expected <= 1.0");
    }

    @Test
    void hasNothingToMeasureWithoutValues() {
        RuleSpec rule =
                RuleSpec.builder(RuleType.ENTROPY).column("country").min(0).build();

        RuleResult result = judge(rule, null).result();

        assertThat(result.status()).isEqualTo(RuleStatus.WARNED);
        assertThat(result.value()).isNull();
        assertThat(result.message()).startsWith("entropy(country): nothing to measure");
    }

    @Test
    void asksForItsOwnMetricOverTheWrittenRows() {
        RuleSpec rule = RuleSpec.builder(RuleType.ENTROPY)
                .column("country")
                .where("amount > 0")
                .min(0)
                .build();

        assertThat(RuleKinds.of(RuleType.ENTROPY).metrics(rule))
                .containsExactly(new EntropyRule.Entropy("country", "amount > 0"));
    }
}
