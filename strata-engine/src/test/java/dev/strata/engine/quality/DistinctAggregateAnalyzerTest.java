package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctAggregateAnalyzerTest {
    @Test
    void findsDistinctAggregatesAnywhereInTheExpression() {
        assertThat(DistinctAggregateAnalyzer.aggregatesDistinct("count(DISTINCT x) / count(x)"))
                .isTrue();
        assertThat(DistinctAggregateAnalyzer.aggregatesDistinct("1 - sum(distinct amount) / nullif(sum(amount), 0)"))
                .isTrue();
        assertThat(DistinctAggregateAnalyzer.aggregatesDistinct("count(x) FILTER (WHERE x > 0)"))
                .isFalse();
        assertThat(DistinctAggregateAnalyzer.aggregatesDistinct("sum(amount) / count(*)"))
                .as("a column named distinct_count is not DISTINCT")
                .isFalse();
        assertThat(DistinctAggregateAnalyzer.aggregatesDistinct("max(distinct_count)"))
                .isFalse();
    }

    @Test
    void aDistinctAggregateIsMeasuredOverTheRowsAndJudged() {
        RuleSpec ratio = RuleSpec.builder(RuleType.AGGREGATE)
                .name("customer_ratio")
                .expression("count(DISTINCT customer) / count(customer)")
                .max(0.5)
                .onFail(OnFail.WARN)
                .build();

        Verdicts.Verdict verdict = QualityCheck.evaluate(
                SharedSpark.session().sql("SELECT * FROM VALUES ('c1'), ('c2'), ('c2'), (NULL) AS t(customer)"),
                List.of(ratio));

        assertThat(verdict.metrics().stream()
                        .filter(m -> m.key().equals(MetricKey.of("value", "customer_ratio")))
                        .map(MetricValue::value)
                        .toList())
                .as("two distinct customers among three non-NULL values")
                .containsExactly(2.0 / 3);
        assertThat(verdict.rules().get(0).status()).isEqualTo(RuleStatus.WARNED);
    }
}
