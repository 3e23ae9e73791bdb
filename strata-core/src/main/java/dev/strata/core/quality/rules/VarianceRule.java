package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * {@code variance}: the variance of a column's non-NULL values. By default the population variance {@code M2 / n}, the
 * square of Deequ's {@code StandardDeviation} (Deequ has no variance analyzer); with {@code sample: true} the sample
 * variance {@code M2 / (n - 1)}. A {@code stddev} rule with {@code sample: true} reads the same metric.
 */
public final class VarianceRule extends ValueRuleKind {
    public VarianceRule() {
        super(
                RuleType.VARIANCE,
                List.of("column", "min", "max", "sample"),
                "{rule: variance, column: amount, max: 250000}",
                "`column`, `sample` (default false)",
                "the **population** variance of the non-NULL values (M2 / n, the square of Deequ's StandardDeviation);"
                        + " with `sample: true` the sample variance, M2 / (n − 1), NaN for one value");
    }

    /** The population or sample variance of a column over the written rows {@code where} selects. */
    public record Variance(String column, String where, boolean sample) implements Metric.OfWritten<Double> {}

    static Variance variance(RuleSpec rule) {
        return new Variance(rule.column(), rule.where(), Boolean.TRUE.equals(rule.sample()));
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(variance(rule));
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        return metrics.number(variance(rule));
    }

    @Override
    protected String unmeasured(RuleSpec rule) {
        return Boolean.TRUE.equals(rule.sample())
                ? "nothing to measure (fewer than two values, or " + rule.column() + " is not a number)"
                : super.unmeasured(rule);
    }
}
