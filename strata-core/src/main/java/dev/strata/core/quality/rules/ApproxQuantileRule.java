package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * {@code approx_quantile}: a quantile of a numeric column's non-NULL values, estimated as Deequ's {@code ApproxQuantile}
 * does with its default relative error of 0.01: Spark's {@code percentile_approx} with accuracy 100, one more aggregate
 * of the pass.
 */
public final class ApproxQuantileRule extends ValueRuleKind {
    /** Spark's accuracy for a relative error of 1 / 100, Deequ's default. */
    public static final int ACCURACY = 100;

    public ApproxQuantileRule() {
        super(
                RuleType.APPROX_QUANTILE,
                List.of("column", "quantile", "min", "max"),
                "{rule: approx_quantile, column: amount, quantile: 0.5, min: 10, max: 200}",
                "`column`, `quantile` (0..1; 0.5 is the median)",
                "the `quantile` of the non-NULL values, as a double: Spark's percentile_approx with accuracy 100, a"
                        + " relative rank error of at most 0.01 (Deequ's ApproxQuantile with its default error). One"
                        + " more aggregate of the pass.");
    }

    /** A quantile of a column over the written rows {@code where} selects. */
    public record Quantile(String column, String where, double quantile) implements Metric.OfWritten<Double> {}

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return rule.quantile() == null ? List.of() : List.of(quantile(rule));
    }

    private static Quantile quantile(RuleSpec rule) {
        return new Quantile(rule.column(), rule.where(), rule.quantile());
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        return rule.quantile() == null ? Double.NaN : metrics.number(quantile(rule));
    }
}
