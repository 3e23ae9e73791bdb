package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.quality.metric.Metrics.FailedRows;
import dev.strata.core.quality.metric.Metrics.KeyedRows;
import dev.strata.core.quality.metric.Metrics.Rows;
import dev.strata.core.quality.rules.ReferencesRule.Unmatched;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleSpecBuilder;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferencesRuleTest {
    private static final JudgeContext CONTEXT =
            new JudgeContext(new Verdicts.Context(MetricHistory.none(), "p", "d", "r", Instant.EPOCH), Map.of());

    private static RuleSpecBuilder references() {
        return RuleSpec.builder(RuleType.REFERENCES)
                .column("customer_id")
                .references("silver.customers.customer_id")
                .onFail(OnFail.QUARANTINE);
    }

    /** 100 rows: 10 without a customer, 5 with an unknown one; 15 fail the row rule. */
    private static RuleKind.Judged judge(RuleSpec rule) {
        BatchMetrics metrics = BatchMetrics.builder(List.of())
                .put(new Rows(Population.BATCH), 100L)
                .put(new FailedRows(rule), 15L)
                .put(new KeyedRows(List.of("customer_id"), null), 90L)
                .put(new Unmatched(rule), 5L)
                .build();
        return RuleKinds.of(RuleType.REFERENCES).judge(rule, metrics, CONTEXT);
    }

    @Test
    void minAloneJudgesTheSubsetRatioOfTheRowsWithAValue() {
        RuleSpec rule = references().min(0.9).build();

        RuleKind.Judged judged = judge(rule);

        assertThat(judged.result().status()).as("85 of 90 found >= 0.9").isEqualTo(RuleStatus.PASSED);
        assertThat(judged.result().failed())
                .as("the rows still fail, and are quarantined")
                .isEqualTo(15);
        assertThat(judged.result().value()).isEqualTo(85.0 / 90);
        assertThat(judged.metrics())
                .contains(MetricValue.of(MetricKey.of("subset_ratio", "references(customer_id)"), 85.0 / 90));
    }

    @Test
    void failsBelowMinWithTheRatio() {
        RuleResult result = judge(references().min(0.99).build()).result();

        assertThat(result.status()).isEqualTo(RuleStatus.WARNED);
        assertThat(result.message()).isEqualTo("references(customer_id): subset ratio 0.944444, expected >= 0.99");
        assertThat(result.expected()).isEqualTo(">= 0.99");
    }

    @Test
    void withMostlyBothMustHold() {
        RuleResult result = judge(references().min(0.9).mostly(0.9).build()).result();

        assertThat(result.status())
                .as("ratio 0.94 holds, but only 85% of rows pass")
                .isEqualTo(RuleStatus.WARNED);
        assertThat(result.message()).contains("needs 90%");
    }

    @Test
    void withoutMinIsTheRowRuleAlone() {
        RuleSpec rule = references().build();

        assertThat(RuleKinds.of(RuleType.REFERENCES).metrics(rule)).noneMatch(m -> m instanceof Unmatched);
        assertThat(judge(rule).metrics()).extracting(m -> m.key().metric()).doesNotContain("subset_ratio");
    }
}
