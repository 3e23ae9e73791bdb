package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * {@code approx_count_distinct}: the distinct non-NULL values of a column estimated by HyperLogLog++ with a relative
 * standard deviation of 0.05 (2^9 registers), the estimator of Deequ's {@code ApproxCountDistinct}, so both give the same
 * number. Unlike {@code distinct_count}'s DataSketches sketch it is not kept, so batches cannot be merged.
 */
public final class ApproxCountDistinctRule extends ValueRuleKind {
    /** The relative standard deviation of Deequ's HyperLogLog++. */
    public static final double RELATIVE_SD = 0.05;

    public ApproxCountDistinctRule() {
        super(
                RuleType.APPROX_COUNT_DISTINCT,
                List.of("column", "min", "max"),
                "{rule: approx_count_distinct, column: customer_id, min: 1000}",
                "`column`",
                "distinct non-NULL values, estimated by HyperLogLog++ with a relative standard deviation of 0.05, as"
                        + " Deequ's ApproxCountDistinct does (same estimator, same number). Not merged across batches: for"
                        + " that, use `distinct_count`.");
    }

    /** The HyperLogLog++ estimate of a column's distinct values over the written rows {@code where} selects. */
    public record HllPlusPlus(String column, String where) implements Metric.OfWritten<Double> {}

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(new HllPlusPlus(rule.column(), rule.where()));
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        return metrics.number(new HllPlusPlus(rule.column(), rule.where()));
    }
}
