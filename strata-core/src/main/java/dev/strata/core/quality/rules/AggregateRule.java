package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.Aggregate;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code aggregate}: any SQL aggregate expression over the written rows, within bounds. */
public final class AggregateRule extends ValueRuleKind {
    @Override
    public RuleType type() {
        return RuleType.AGGREGATE;
    }

    @Override
    public List<String> fields() {
        return List.of("expression", "min", "max");
    }

    @Override
    public String example() {
        return "{rule: aggregate, expression: \"sum(amount)\", min: 0}";
    }

    @Override
    public String fieldsDoc() {
        return "`expression` (any SQL aggregate, e.g. `\"sum(amount) / count(*)\"`)";
    }

    @Override
    public String meaning() {
        return "the expression. It takes no `where`; write `FILTER (WHERE …)` inside the expression instead.";
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(new Aggregate(rule.expression()));
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        return metrics.number(new Aggregate(rule.expression()));
    }
}
