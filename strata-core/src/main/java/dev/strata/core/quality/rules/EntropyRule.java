package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.rules.FrequencyRule.Frequency;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * {@code entropy}: the Shannon entropy of a column, as Deequ's {@code Entropy} defines it: {@code -Σ p·ln p} over the
 * distinct non-NULL values, where {@code p} is a value's count over the count of non-NULL values. 0 when one value
 * fills the column, {@code ln n} when {@code n} values are equally frequent. From the column's value counts {@code c}
 * ({@link FrequencyRule.Frequencies}, shared with the frequency ratios): {@code ln N - Σ c·ln c / N}, {@code N = Σ c}.
 */
public final class EntropyRule extends ValueRuleKind {
    public EntropyRule() {
        super(
                RuleType.ENTROPY,
                List.of("column", "min", "max"),
                "{rule: entropy, column: country, min: 1.5}",
                "`column`",
                "−Σ p·ln p over the column's distinct non-NULL values, p being a value's share of the non-NULL values"
                        + " (Deequ's Entropy, natural log). It groups the column: one more job over the batch, shared"
                        + " with `uniqueness`, `distinctness` and `unique_value_ratio` on the same column.");
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(FrequencyRule.frequencies(List.of(rule.column()), rule.where()));
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        Frequency frequency = metrics.get(FrequencyRule.frequencies(List.of(rule.column()), rule.where()));
        if (frequency == null || frequency.rows() == 0) {
            return Double.NaN;
        }
        double values = frequency.rows();
        return Math.log(values) - frequency.countLnCount() / values;
    }
}
