package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * A rule on the batch as a whole: it measures one value over the written rows and passes when {@code min <= value <=
 * max}. It takes {@code warn} or {@code fail}, never drops rows, and stores the value as {@code value(rule)}.
 */
public abstract class ValueRuleKind implements RuleKind {
    /** The state key of a rule's value that is another stored metric: that metric's name. */
    public static final String SAME_AS = "same_as";

    private final RuleDescription description;

    protected ValueRuleKind(RuleType type, List<String> fields, String example, String fieldsDoc, String meaning) {
        this.description = new RuleDescription(type, fields, example, fieldsDoc, meaning);
    }

    @Override
    public final RuleDescription description() {
        return description;
    }

    /** The measured value; NaN when there was nothing to measure. */
    protected abstract double value(RuleSpec rule, BatchMetrics metrics, JudgeContext context);

    @Override
    public Judged judge(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        double value = value(rule, metrics, context);
        RuleResult result = judgeValue(rule, value, expected(rule), passes(rule, value));
        return new Judged(result, List.of(value(rule, value, sameAs(rule))));
    }

    /**
     * The metric the rule's value is, when it is one the run stores anyway ({@code completeness(email)} for a
     * completeness rule without {@code where}); else null. Its value then combines over a stream's micro-batches as
     * that metric does.
     */
    protected MetricKey sameAs(RuleSpec rule) {
        return null;
    }

    /** The stored {@code value(rule)}, naming in its state the metric it is the same as ({@link #SAME_AS}), if any. */
    static MetricValue value(RuleSpec rule, double value, MetricKey sameAs) {
        MetricKey key = MetricKey.of("value", rule.displayName());
        return sameAs == null
                ? MetricValue.of(key, value)
                : new MetricValue(key, "", value, java.util.Map.of(SAME_AS, sameAs.toString()));
    }

    protected boolean passes(RuleSpec rule, double value) {
        return withinBounds(rule, value);
    }

    /** The allowed range in words: {@code >= 1}, {@code <= 100}, {@code 0 .. 100}. */
    protected String expected(RuleSpec rule) {
        BigDecimal min = rule.min();
        BigDecimal max = rule.max();
        if (min != null && max != null) {
            return min.toPlainString() + " .. " + max.toPlainString();
        }
        if (min != null) {
            return ">= " + min.toPlainString();
        }
        return max == null ? "" : "<= " + max.toPlainString();
    }

    /** The measured value in words, for the message of a rule that did not hold. */
    protected String describe(RuleSpec rule, double value) {
        return "measured " + format(value);
    }

    /** A metric the run stores for this batch, NaN when there is none (a column that is not a number, say). */
    static double stored(JudgeContext context, MetricKey key) {
        MetricValue value = context.stored().get(key);
        return value == null ? Double.NaN : value.value();
    }

    /** Why the value is NaN, for the rule's message. */
    protected String unmeasured(RuleSpec rule) {
        return "nothing to measure (no rows"
                + (rule.column() != null ? ", or " + rule.column() + " is not a number or is always NULL" : "")
                + ")";
    }

    static boolean withinBounds(RuleSpec rule, double value) {
        BigDecimal min = rule.min();
        BigDecimal max = rule.max();
        return (min == null || value >= min.doubleValue()) && (max == null || value <= max.doubleValue());
    }

    RuleResult judgeValue(RuleSpec rule, double value, String expected, boolean ok) {
        String message;
        if (Double.isNaN(value)) {
            ok = false;
            message = rule.displayName() + ": " + unmeasured(rule);
        } else {
            message = ok ? null : rule.displayName() + ": " + describe(rule, value) + ", expected " + expected;
        }
        return new RuleResult(
                rule.displayName(),
                rule.rule().id(),
                rule.onFail().id(),
                1,
                ok ? 1 : 0,
                ok ? 0 : 1,
                ok ? RuleStatus.PASSED : RuleKind.breach(rule),
                message,
                Double.isNaN(value) ? null : value,
                expected);
    }

    /** A number as messages show it: whole numbers plainly, others to six significant digits. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }
}
