package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.Filtered;
import dev.strata.core.quality.metric.Metrics.Statistic;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code completeness}: non-NULL values over rows, as Deequ defines it; every column's is stored anyway. */
public final class CompletenessRule extends ValueRuleKind {
    public CompletenessRule() {
        super(
                RuleType.COMPLETENESS,
                List.of("column", "min", "max"),
                "{rule: completeness, column: email, min: 0.95}",
                "`column`",
                "non-NULL values / rows (Deequ's Completeness); no value for an empty batch");
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return rule.where() == null ? List.of() : List.of(filtered(rule));
    }

    private static Filtered filtered(RuleSpec rule) {
        return new Filtered(Statistic.COMPLETENESS, rule.column(), rule.where());
    }

    @Override
    protected MetricKey sameAs(RuleSpec rule) {
        return rule.where() == null ? MetricKey.of("completeness", rule.column()) : null;
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        return rule.where() == null
                ? stored(context, MetricKey.of("completeness", rule.column()))
                : metrics.number(filtered(rule));
    }
}
