package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.Repeats;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code uniqueness}, {@code distinctness} and {@code unique_value_ratio}: Deequ's frequency-based ratios of a column
 * or a set of columns over the written rows. One grouping of the columns ({@link Frequencies}) gives all three, and
 * {@code entropy} on the same column, so several such rules on the same columns cost one job; none when a {@code
 * unique} rule on the same columns already grouped them and every row is written ({@link #fromRepeats}).
 */
public final class FrequencyRule extends ValueRuleKind {
    private final ToDoubleFunction<Frequency> ratio;

    private FrequencyRule(RuleType type, String example, String meaning, ToDoubleFunction<Frequency> ratio) {
        super(type, List.of("column", "columns", "min", "max"), example, "`column` or `columns`", meaning);
        this.ratio = ratio;
    }

    /** The value counts of some columns over the written rows {@code where} selects, as one grouping measures them. */
    public record Frequencies(List<String> columns, String where) implements Metric.OfWritten<Frequency> {
        public Frequencies {
            columns = List.copyOf(columns);
        }
    }

    /**
     * What a grouping of the columns found, leaving out the rows whose columns are all NULL, as Deequ's frequencies do.
     *
     * @param rows the rows with at least one of the columns set
     * @param unique the values (keys) seen exactly once
     * @param distinct the distinct values
     * @param countLnCount {@code Σ c·ln c} over the values' counts {@code c}, for the entropy
     */
    public record Frequency(long rows, long unique, long distinct, double countLnCount) {}

    public static FrequencyRule uniqueness() {
        return new FrequencyRule(
                RuleType.UNIQUENESS,
                "{rule: uniqueness, column: order_id, min: 0.99}",
                "values seen exactly once / rows with a value (Deequ's Uniqueness): the share of rows whose value no"
                        + " other row has. Rows whose columns are all NULL are left out. It groups the columns: one"
                        + " more job over the batch, shared with the other ratios and `entropy` on the same columns.",
                f -> (double) f.unique() / f.rows());
    }

    public static FrequencyRule distinctness() {
        return new FrequencyRule(
                RuleType.DISTINCTNESS,
                "{rule: distinctness, columns: [customer_id, day], min: 0.5}",
                "distinct values / rows with a value (Deequ's Distinctness). It shares `uniqueness`'s grouping.",
                f -> (double) f.distinct() / f.rows());
    }

    public static FrequencyRule uniqueValueRatio() {
        return new FrequencyRule(
                RuleType.UNIQUE_VALUE_RATIO,
                "{rule: unique_value_ratio, column: email, min: 0.9}",
                "values seen exactly once / distinct values (Deequ's UniqueValueRatio). It shares `uniqueness`'s"
                        + " grouping.",
                f -> (double) f.unique() / f.distinct());
    }

    /**
     * The frequencies of a unique rule's key from what it measured anyway: its keyed rows and its repeated keys. Valid
     * for the written rows only when every row of the batch is written; null when the repeats lack {@code Σ c·ln c}.
     */
    public static Frequency fromRepeats(long keyed, Repeats repeats) {
        if (Double.isNaN(repeats.countLnCount())) {
            return null;
        }
        long unique = keyed - repeats.rows();
        return new Frequency(keyed, unique, unique + repeats.keys(), repeats.countLnCount());
    }

    /** The frequencies a rule on {@code columns} reads. */
    static Frequencies frequencies(List<String> columns, String where) {
        return new Frequencies(columns, where);
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(frequencies(rule.targetColumns(), rule.where()));
    }

    @Override
    protected double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        Frequency frequency = metrics.get(frequencies(rule.targetColumns(), rule.where()));
        return frequency == null || frequency.rows() == 0 ? Double.NaN : ratio.applyAsDouble(frequency);
    }

    @Override
    protected String unmeasured(RuleSpec rule) {
        return "nothing to measure (no rows with a value in " + String.join(", ", rule.targetColumns()) + ")";
    }
}
