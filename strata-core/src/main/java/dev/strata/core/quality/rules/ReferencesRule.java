package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.KeyedRows;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code references}: a row fails when no row of the referenced table has its value. With {@code min} the rule also
 * judges the batch by its subset ratio (Deequ's {@code ReferentialIntegrity.subsetCheck}): the share of the checked
 * rows with a value whose value the referenced column has, stored as {@code subset_ratio(rule)}.
 */
public final class ReferencesRule extends RowRuleKind {
    public ReferencesRule() {
        super(
                RuleType.REFERENCES,
                List.of("column", "references", "nulls", "min"),
                "{rule: references, column: customer_id, references: silver.customers.customer_id}",
                "`column`, `references: layer.name.column`, `nulls`, `min` (0..1, on the subset ratio)",
                "no row of the referenced dataset's table has the value. The referenced dataset is built first. With"
                        + " `min`, the rule also needs the subset ratio (rows whose value the referenced column has /"
                        + " rows with a value, NULL left out) to be at least `min`; without `mostly`, `warn_if` or"
                        + " `error_if`, `min` alone judges it.");
    }

    /** Rows of the batch with a value that the referenced column does not have. */
    public record Unmatched(RuleSpec rule) implements Metric.OfBatch<Long> {}

    private static KeyedRows valued(RuleSpec rule) {
        return new KeyedRows(List.of(rule.column()), rule.where());
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        List<Metric<?>> metrics = new ArrayList<>(super.metrics(rule));
        if (rule.min() != null) {
            metrics.add(valued(rule));
            metrics.add(new Unmatched(rule));
        }
        return metrics;
    }

    @Override
    public Judged judge(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        Judged rows = super.judge(rule, metrics, context);
        if (rule.min() == null) {
            return rows;
        }
        long valued = metrics.count(valued(rule));
        double ratio = valued == 0 ? Double.NaN : (double) (valued - metrics.count(new Unmatched(rule))) / valued;
        String expected = ">= " + rule.min().toPlainString();
        boolean ok = !Double.isNaN(ratio) && ratio >= rule.min().doubleValue();
        boolean minAlone = rule.mostly() == null && rule.warnIf() == null && rule.errorIf() == null;
        RuleResult byRows = rows.result();
        RuleStatus status = ok ? (minAlone ? RuleStatus.PASSED : byRows.status()) : RuleKind.breach(rule);
        String message = byRows.message();
        if (!ok) {
            String why = Double.isNaN(ratio)
                    ? "nothing to measure (no rows with a value)"
                    : "subset ratio " + ValueRuleKind.format(ratio) + ", expected " + expected;
            message = rule.displayName() + ": " + why + (message == null || minAlone ? "" : "; " + message);
        } else if (minAlone) {
            message = null;
        }
        RuleResult result = new RuleResult(
                byRows.name(),
                byRows.rule(),
                byRows.onFail(),
                byRows.checked(),
                byRows.passed(),
                byRows.failed(),
                status,
                message,
                Double.isNaN(ratio) ? null : ratio,
                expected);
        List<MetricValue> stored = new ArrayList<>(rows.metrics());
        stored.add(MetricValue.of(MetricKey.of("subset_ratio", rule.displayName()), ratio));
        return new Judged(result, stored);
    }
}
