package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.Newest;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;
import java.util.Locale;

/** {@code freshness}: the age of a column's newest written value, in seconds, at most {@code max_age}. */
public final class FreshnessRule extends ValueRuleKind {
    @Override
    public RuleType type() {
        return RuleType.FRESHNESS;
    }

    @Override
    public List<String> fields() {
        return List.of("column", "max_age");
    }

    @Override
    public String example() {
        return "{rule: freshness, column: ordered_at, max_age: 24h}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `max_age` (e.g. `30m`, `24h`, `7d`)";
    }

    @Override
    public String meaning() {
        return "the age of the newest value, in seconds, at the end of the batch. The rule passes when it is at most"
                + " `max_age`.";
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(newest(rule));
    }

    private static Newest newest(RuleSpec rule) {
        return new Newest(rule.column(), rule.where());
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        Double newest = metrics.get(newest(rule));
        return newest == null ? Double.NaN : context.now().toEpochMilli() / 1000.0 - newest;
    }

    @Override
    protected boolean passes(RuleSpec rule, double value) {
        return value <= Durations.parse(rule.maxAge()).toSeconds();
    }

    @Override
    protected String expected(RuleSpec rule) {
        return "newest value at most " + rule.maxAge() + " old";
    }

    @Override
    protected String describe(RuleSpec rule, double value) {
        return "newest value is " + age(value) + " old";
    }

    private static String age(double seconds) {
        long whole = Math.round(seconds);
        if (whole >= 86_400) {
            return String.format(Locale.ROOT, "%.1fd", whole / 86_400.0);
        }
        if (whole >= 3_600) {
            return String.format(Locale.ROOT, "%.1fh", whole / 3_600.0);
        }
        return whole + "s";
    }
}
