package dev.strata.core.quality;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on a rule's failures, as {@code warn_if} and {@code error_if} write it: {@code failed_fraction > 0.01},
 * {@code failed_percent >= 5}, {@code failed_count > 100}.
 */
public record Threshold(Measure measure, Comparison comparison, double bound) {
    private static final Pattern SYNTAX =
            Pattern.compile("^\\s*(failed_count|failed_fraction|failed_percent)\\s*(>=|<=|>|<|==|=|!=)\\s*"
                    + "([0-9]+(?:\\.[0-9]+)?)\\s*$");

    /** What is compared. */
    public enum Measure {
        FAILED_COUNT,
        FAILED_FRACTION,
        FAILED_PERCENT;

        double of(long failed, long checked) {
            double fraction = checked == 0 ? 0.0 : (double) failed / checked;
            return switch (this) {
                case FAILED_COUNT -> failed;
                case FAILED_FRACTION -> fraction;
                case FAILED_PERCENT -> fraction * 100;
            };
        }
    }

    /** How it is compared. */
    public enum Comparison {
        GT(">"),
        GE(">="),
        LT("<"),
        LE("<="),
        EQ("=="),
        NE("!=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        boolean test(double value, double bound) {
            return switch (this) {
                case GT -> value > bound;
                case GE -> value >= bound;
                case LT -> value < bound;
                case LE -> value <= bound;
                case EQ -> value == bound;
                case NE -> value != bound;
            };
        }

        static Comparison of(String symbol) {
            for (Comparison comparison : values()) {
                if (comparison.symbol.equals(symbol)) {
                    return comparison;
                }
            }
            return EQ; // "=" is accepted for "=="
        }
    }

    /** The threshold, or an IllegalArgumentException that shows the syntax. */
    public static Threshold parse(String text) {
        Matcher matcher = SYNTAX.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("invalid threshold '" + text + "'");
        }
        return new Threshold(
                Measure.valueOf(matcher.group(1).toUpperCase(Locale.ROOT)),
                Comparison.of(matcher.group(2)),
                Double.parseDouble(matcher.group(3)));
    }

    /** How to write one, for error hints. */
    public static String syntaxHint() {
        return "write failed_count, failed_fraction or failed_percent, a comparison (>, >=, <, <=, ==, !=) and a"
                + " number, e.g. 'failed_fraction > 0.01'";
    }

    /** True when {@code failed} of {@code checked} rows meet the condition. */
    public boolean test(long failed, long checked) {
        return comparison.test(measure.of(failed, checked), bound);
    }

    @Override
    public String toString() {
        return measure.name().toLowerCase(Locale.ROOT) + " " + comparison.symbol + " " + format(bound);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
