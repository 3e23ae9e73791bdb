package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    /** The value counts of a, a, b, c: four rows, two values seen once, three distinct, Σ c·ln c = 2 ln 2. */
    private static final FrequencyRule.Frequency COUNTS = new FrequencyRule.Frequency(4, 2, 3, 2 * Math.log(2));

    private static RuleKind.Judged judge(RuleSpec rule, FrequencyRule.Frequency counts) {
        BatchMetrics metrics = BatchMetrics.builder(List.of())
                .put(new FrequencyRule.Frequencies(List.of("country"), null), counts)
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

        RuleKind.Judged judged = judge(rule, COUNTS);

        assertThat(judged.result().status()).isEqualTo(RuleStatus.PASSED);
        assertThat(judged.result().value()).isCloseTo(ENTROPY, within(1e-15));
        assertThat(judged.metrics().get(0).key()).isEqualTo(MetricKey.of("value", "entropy(country)"));
    }

    @Test
    void failsOutsideItsBoundsWithTheMeasuredValue() {
        RuleSpec rule = RuleSpec.builder(RuleType.ENTROPY)
                .column("country")
                .max(1.0)
                .onFail(OnFail.FAIL)
                .build();

        RuleResult result = judge(rule, COUNTS).result();

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
                .containsExactly(new FrequencyRule.Frequencies(List.of("country"), "amount > 0"));
    }
}
