package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.Filtered;
import dev.strata.core.quality.metric.Metrics.Statistic;
import dev.strata.core.quality.metric.Metrics.Stats;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * {@code min}, {@code max}, {@code mean}, {@code stddev} and {@code sum}: one statistic of a column's non-NULL values.
 * Without {@code where} the rule reads the column's stored statistic; with it, an aggregate of its own.
 */
public final class StatisticRule extends ValueRuleKind {
    private final Statistic statistic;

    private StatisticRule(RuleType type, Statistic statistic, String example, String meaning) {
        this(type, statistic, List.of("column", "min", "max"), example, "`column`", meaning);
    }

    private StatisticRule(
            RuleType type, Statistic statistic, List<String> fields, String example, String fieldsDoc, String meaning) {
        super(type, fields, example, fieldsDoc, meaning);
        this.statistic = statistic;
    }

    public static StatisticRule min() {
        return new StatisticRule(
                RuleType.MIN,
                Statistic.MIN,
                "{rule: min, column: amount, min: 0}",
                "the smallest non-NULL value, as a double");
    }

    public static StatisticRule max() {
        return new StatisticRule(
                RuleType.MAX,
                Statistic.MAX,
                "{rule: max, column: amount, max: 100000}",
                "the largest non-NULL value, as a double");
    }

    public static StatisticRule mean() {
        return new StatisticRule(
                RuleType.MEAN,
                Statistic.MEAN,
                "{rule: mean, column: amount, min: 10, max: 500}",
                "the mean of the non-NULL values, as doubles");
    }

    public static StatisticRule stddev() {
        return new StatisticRule(
                RuleType.STDDEV,
                Statistic.STDDEV,
                List.of("column", "min", "max", "sample"),
                "{rule: stddev, column: amount, max: 1000}",
                "`column`, `sample` (default false)",
                "the **population** standard deviation of the non-NULL values, as in Deequ; with `sample: true` the"
                        + " sample standard deviation, √(M2 / (n − 1)), the square root of `variance` with `sample:"
                        + " true`");
    }

    public static StatisticRule sum() {
        return new StatisticRule(
                RuleType.SUM, Statistic.SUM, "{rule: sum, column: amount, min: 0}", "the sum of the non-NULL values");
    }

    /** A {@code stddev} with {@code sample: true}: the square root of the sample variance. */
    private static boolean sample(RuleSpec rule) {
        return Boolean.TRUE.equals(rule.sample());
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        if (sample(rule)) {
            return List.of(VarianceRule.variance(rule));
        }
        return rule.where() == null
                ? List.of(new Stats(rule.column()))
                : List.of(new Filtered(statistic, rule.column(), rule.where()));
    }

    @Override
    protected MetricKey sameAs(RuleSpec rule) {
        return sample(rule) || rule.where() != null ? null : MetricKey.of(id(), rule.column());
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        if (sample(rule)) {
            return Math.sqrt(metrics.number(VarianceRule.variance(rule)));
        }
        return rule.where() == null
                ? stored(context, MetricKey.of(id(), rule.column()))
                : metrics.number(new Filtered(statistic, rule.column(), rule.where()));
    }
}
