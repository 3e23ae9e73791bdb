package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.Sketch;
import dev.strata.core.quality.metric.Metrics.Sketched;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code distinct_count}: the distinct values of a column or a set of columns, estimated from an HLL sketch. */
public final class DistinctCountRule extends ValueRuleKind {
    public DistinctCountRule() {
        super(
                RuleType.DISTINCT_COUNT,
                List.of("column", "columns", "min", "max"),
                "{rule: distinct_count, column: customer_id, min: 1}",
                "`column` or `columns`",
                "distinct values. This is an estimate from an HLL sketch (Apache DataSketches, lgK 14, about 0.8%"
                        + " relative error, exact for small counts), so batches can be merged.");
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(sketch(rule));
    }

    private static Sketch sketch(RuleSpec rule) {
        return new Sketch(rule.targetColumns(), rule.where());
    }

    @Override
    protected MetricKey sameAs(RuleSpec rule) {
        return rule.where() == null ? MetricKey.of("distinct_count", rule.targetColumns()) : null;
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        if (rule.where() == null) {
            return stored(context, MetricKey.of("distinct_count", rule.targetColumns()));
        }
        Sketched sketched = metrics.get(sketch(rule));
        return sketched == null ? 0 : sketched.estimate();
    }
}
