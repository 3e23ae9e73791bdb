package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * {@code correlation}: Pearson's correlation coefficient of two numeric columns over the written rows where both are
 * set, as Deequ's {@code Correlation}. NaN, so the rule fails, when one column has zero variance.
 */
public final class CorrelationRule extends ValueRuleKind {
    public CorrelationRule() {
        super(
                RuleType.CORRELATION,
                List.of("columns", "min", "max"),
                "{rule: correlation, columns: [price, quantity], min: -0.5, max: 0.5}",
                "`columns` (two numeric columns)",
                "Pearson's correlation of the two columns over the rows where both are set, -1 .. 1 (Deequ's"
                        + " Correlation). NaN, and the rule fails, when one column has zero variance.");
    }

    /** Pearson's correlation of two columns over the written rows {@code where} selects. */
    public record Correlation(String first, String second, String where) implements Metric.OfWritten<Double> {}

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return rule.columns().size() == 2 ? List.of(correlation(rule)) : List.of();
    }

    private static Correlation correlation(RuleSpec rule) {
        return new Correlation(rule.columns().get(0), rule.columns().get(1), rule.where());
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        return rule.columns().size() == 2 ? metrics.number(correlation(rule)) : Double.NaN;
    }

    @Override
    protected String unmeasured(RuleSpec rule) {
        return "nothing to measure (fewer than two rows with both columns set, or one of them has zero variance)";
    }
}
