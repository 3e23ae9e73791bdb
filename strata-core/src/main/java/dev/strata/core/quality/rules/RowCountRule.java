package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.run.RuleResult;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code row_count}: the rows written, within bounds and, with {@code max_change_pct}, near the previous run's. */
public final class RowCountRule extends ValueRuleKind {
    public RowCountRule() {
        super(
                RuleType.ROW_COUNT,
                List.of("min", "max", "max_change_pct"),
                "{rule: row_count, min: 1}",
                "`min`, `max`, `max_change_pct`",
                "rows written. With `max_change_pct: 50`, the rule also fails when the count moved more than 50% from"
                        + " the previous run's.");
    }

    private static final MetricKey ROW_COUNT = MetricKey.of("row_count");

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of();
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        return context.stored().get(ROW_COUNT).value();
    }

    @Override
    protected String describe(RuleSpec rule, double value) {
        return format(value) + " rows written";
    }

    @Override
    protected MetricKey sameAs(RuleSpec rule) {
        return ROW_COUNT;
    }

    @Override
    public Judged judge(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        double rows = value(rule, metrics, context);
        boolean ok = withinBounds(rule, rows);
        String expected = expected(rule);
        if (rule.maxChangePct() != null) {
            Verdicts.Context run = context.run();
            List<MetricPoint> previous =
                    run.history().history(run.pipeline(), run.dataset(), ROW_COUNT, 1, run.runId());
            String change = "change <= " + format(rule.maxChangePct()) + "% of the previous run";
            if (!previous.isEmpty()) {
                double before = previous.get(0).value();
                double changePct = before == 0
                        ? (rows == 0 ? 0 : Double.POSITIVE_INFINITY)
                        : Math.abs(rows - before) / before * 100;
                ok = ok && changePct <= rule.maxChangePct();
                change = "within " + format(rule.maxChangePct()) + "% of the previous run's " + format(before)
                        + " (" + format(before * (1 - rule.maxChangePct() / 100)) + " .. "
                        + format(before * (1 + rule.maxChangePct() / 100)) + ")";
            }
            expected = expected.isEmpty() ? change : expected + ", " + change;
        }
        RuleResult result = judgeValue(rule, rows, expected, ok);
        return new Judged(result, List.of(value(rule, rows, ROW_COUNT)));
    }
}
