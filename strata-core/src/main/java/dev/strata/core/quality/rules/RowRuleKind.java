package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.Threshold;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.quality.metric.Metrics.CheckedRows;
import dev.strata.core.quality.metric.Metrics.FailedRows;
import dev.strata.core.quality.metric.Metrics.Rows;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule that judges each row, so it can drop or quarantine the rows that break it. The engine supplies its flag
 * column; the rule reads how many rows that column flagged among those checked, and passes by {@code mostly}, {@code
 * warn_if} and {@code error_if}.
 */
public abstract class RowRuleKind implements RuleKind {
    private static final List<String> THRESHOLDS = List.of("mostly", "warn_if", "error_if");

    private final RuleDescription description;

    /** A row rule taking {@code ownFields} and, as every row rule does, the thresholds. */
    protected RowRuleKind(RuleType type, List<String> ownFields, String example, String fieldsDoc, String meaning) {
        List<String> fields = new ArrayList<>(ownFields);
        fields.addAll(THRESHOLDS);
        this.description = new RuleDescription(type, fields, example, fieldsDoc, meaning);
    }

    @Override
    public final RuleDescription description() {
        return description;
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(new FailedRows(rule), checked(rule));
    }

    /**
     * The rows the rule checks: every row, or those its {@code where} selects; with {@code nulls: ignore}, only those
     * whose value is set.
     */
    static Metric<Long> checked(RuleSpec rule) {
        String where = rule.checkedWhere();
        return where == null ? new Rows(Population.BATCH) : new CheckedRows(where);
    }

    /** How many rows the rule checked. */
    protected long checkedCount(RuleSpec rule, BatchMetrics metrics) {
        return metrics.count(checked(rule));
    }

    /** The rows that broke the rule. */
    protected long failed(RuleSpec rule, BatchMetrics metrics) {
        return metrics.count(new FailedRows(rule));
    }

    /** Metrics the rule stores besides its pass rate and failed count. */
    protected List<MetricValue> moreMetrics(RuleSpec rule, BatchMetrics metrics) {
        return List.of();
    }

    @Override
    public Judged judge(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        long failed = failed(rule, metrics);
        long checked = checkedCount(rule, metrics);
        RuleResult result = judgeRows(rule, checked, failed);
        List<MetricValue> stored = new ArrayList<>();
        // No rows checked: no pass rate, as Deequ's Compliance has no value over no rows.
        stored.add(MetricValue.of(
                MetricKey.of("pass_rate", rule.displayName()), checked == 0 ? Double.NaN : result.passFraction()));
        stored.add(MetricValue.of(MetricKey.of("failed_count", rule.displayName()), failed));
        stored.addAll(moreMetrics(rule, metrics));
        return new Judged(result, stored);
    }

    /** Judges a rule that singles out rows: by {@code mostly}, {@code warn_if} and {@code error_if}. */
    static RuleResult judgeRows(RuleSpec rule, long checked, long failed) {
        long passed = checked - failed;
        double fraction = fraction(passed, checked);
        boolean thresholds = rule.warnIf() != null || rule.errorIf() != null;
        boolean belowMostly = (rule.mostly() != null || !thresholds) && fraction < rule.requiredPassFraction();
        boolean error =
                rule.errorIf() != null && Threshold.parse(rule.errorIf()).test(failed, checked);
        boolean warn = rule.warnIf() != null && Threshold.parse(rule.warnIf()).test(failed, checked);
        RuleStatus status = belowMostly || error ? RuleKind.breach(rule) : warn ? RuleStatus.WARNED : RuleStatus.PASSED;
        String message = null;
        if (checked == 0) {
            message = rule.displayName() + ": nothing to measure (no rows checked)";
        } else if (failed > 0) {
            String handled = switch (rule.onFail()) {
                case QUARANTINE -> " and were quarantined";
                case DROP -> " and were dropped";
                default -> "";
            };
            String verdict;
            if (error) {
                verdict = "error_if " + Threshold.parse(rule.errorIf());
            } else if (warn) {
                verdict = "warn_if " + Threshold.parse(rule.warnIf());
            } else if (thresholds && rule.mostly() == null) {
                verdict = "within its thresholds";
            } else {
                verdict = (belowMostly ? "needs " : "mostly ") + percent(rule.requiredPassFraction()) + "%";
            }
            message = String.format(
                    Locale.ROOT,
                    "%s: %d of %d rows broke it%s (%.1f%% passed, %s)",
                    rule.displayName(),
                    failed,
                    checked,
                    handled,
                    fraction * 100,
                    verdict);
        }
        return new RuleResult(
                rule.displayName(),
                rule.rule().id(),
                rule.onFail().id(),
                checked,
                passed,
                failed,
                status,
                message,
                checked == 0 ? null : fraction,
                null);
    }

    /** {@code part / whole}, NaN when {@code whole} is 0: a fraction of nothing has no value. */
    static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    static double fraction(long part, long whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }

    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction * 100)
                .setScale(1, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
