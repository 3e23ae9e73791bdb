package dev.strata.core.quality.anomaly;

import static java.util.Objects.requireNonNull;

import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.RuleSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

/** Judges a run's metric value against the metric's history with the strategy an anomaly rule declares. */
public final class AnomalyCheck {
    private static final int SIGNIFICANT_DIGITS = 6;

    /** The allowed range in words, and whether it has two ends (read as "within ..."). */
    private record Expectation(String text, boolean range) {}

    private AnomalyCheck() {}

    /**
     * Judges {@code current} as the newest point after {@code history} (the metric's past values, oldest first), as
     * Deequ's anomaly check judges a new metric value. Below the history the strategy needs, nothing is judged.
     */
    public static AnomalyVerdict evaluate(RuleSpec rule, String metric, double[] history, double current) {
        return evaluate(rule, metric, history, new boolean[history.length], current);
    }

    /**
     * As {@link #evaluate(RuleSpec, String, double[], double)}, where {@code flagged[i]} says this rule flagged the
     * past value {@code history[i]} in its own run. With {@code ignore_anomalies} (the default) the normal strategies
     * leave those values out of their statistics, so that one anomaly does not hide the next.
     */
    public static AnomalyVerdict evaluate(
            RuleSpec rule, String metric, double[] history, boolean[] flagged, double current) {
        requireNonNull(rule.strategy(), "Cannot evaluate anomaly rule: it has no strategy");
        if (flagged.length != history.length) {
            throw new IllegalArgumentException(
                    "flagged has " + flagged.length + " entries for " + history.length + " past values");
        }
        int ignored = 0;
        if (rule.strategy() == AnomalyStrategy.BATCH_NORMAL && AnomalyStrategies.ignoreAnomalies(rule)) {
            double[] kept = unflagged(history, flagged);
            ignored = history.length - kept.length;
            history = kept;
            flagged = new boolean[kept.length];
        } else if (rule.strategy() == AnomalyStrategy.ONLINE_NORMAL && AnomalyStrategies.ignoreAnomalies(rule)) {
            for (boolean point : flagged) {
                ignored += point ? 1 : 0;
            }
        }
        int runs = history.length;
        int needed = minimumHistory(rule);
        if (runs < needed) {
            return new AnomalyVerdict(
                    false,
                    false,
                    null,
                    metric + " " + number(current) + ": not enough history: " + runs + " of " + needed + " past runs"
                            + (ignored > 0 ? " (" + ignored + " flagged before, left out)" : ""));
        }
        BoundedStrategy strategy = AnomalyStrategies.bounded(rule, flagged);
        double[] series = Arrays.copyOf(history, runs + 1);
        series[runs] = current;
        boolean anomalous = !strategy.detect(series, runs, runs + 1).isEmpty();
        Expectation expected = expectation(rule, history, strategy.bounds(series, runs));
        String message;
        if (anomalous) {
            message = metric + " " + number(current) + " is an anomaly: expected " + expected.text() + " ("
                    + description(rule) + ", " + runs + (runs == 1 ? " past run" : " past runs")
                    + (ignored > 0 ? ", " + ignored + " flagged before and left out" : "") + ")";
        } else {
            message = metric + " " + number(current) + ": " + (expected.range() ? "within " : "") + expected.text();
        }
        return new AnomalyVerdict(anomalous, true, expected.text(), message);
    }

    private static double[] unflagged(double[] history, boolean[] flagged) {
        double[] kept = new double[history.length];
        int count = 0;
        for (int i = 0; i < history.length; i++) {
            if (!flagged[i]) {
                kept[count++] = history[i];
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /**
     * The past runs the rule's strategy needs before it can judge a value: the order of a change strategy, none for
     * simple_threshold, two for batch_normal's deviation, enough for online_normal's point to leave the warm-up, two
     * full periods for holt_winters.
     */
    public static int minimumHistory(RuleSpec rule) {
        return switch (rule.strategy()) {
            case ABSOLUTE_CHANGE, RELATIVE_RATE_OF_CHANGE -> AnomalyStrategies.order(rule);
            case SIMPLE_THRESHOLD -> 0;
            case BATCH_NORMAL -> 2;
            case ONLINE_NORMAL -> pastWarmUp(AnomalyStrategies.warmup(rule));
            case HOLT_WINTERS ->
                2
                        * requireNonNull(
                                rule.seasonPeriod(), "Cannot evaluate strategy holt_winters: the rule has no period");
        };
    }

    /** The fewest past runs after which the newest point of the series is no longer in the warm-up. */
    private static int pastWarmUp(double warmup) {
        if (!(warmup >= 0 && warmup < 1)) {
            throw new IllegalArgumentException("Cannot evaluate strategy online_normal: warmup " + warmup
                    + " is not a fraction below 1 (use e.g. warmup: 0.1)");
        }
        int runs = 1;
        // Deequ's own test: the point at index `runs` of `runs + 1` values is skipped below length * warmup.
        while (runs < (runs + 1) * warmup) {
            runs++;
        }
        return runs;
    }

    private static Expectation expectation(RuleSpec rule, double[] history, Bounds bounds) {
        AnomalyStrategy strategy = rule.strategy();
        int order = AnomalyStrategies.order(rule);
        String before = order == 1 ? "the previous value " : "the value " + order + " runs before, ";
        return switch (strategy) {
            case RELATIVE_RATE_OF_CHANGE ->
                change(
                        rule.maxDecrease() == null ? null : rule.maxDecrease() + "x",
                        rule.maxIncrease() == null ? null : rule.maxIncrease() + "x",
                        before + number(history[history.length - order]),
                        bounds);
            case ABSOLUTE_CHANGE ->
                change(
                        rule.maxDecrease() == null ? null : signed(-Math.abs(rule.maxDecrease())),
                        rule.maxIncrease() == null ? null : signed(rule.maxIncrease()),
                        (order == 1 ? "from " : "in the change of order " + order + ", ")
                                + before
                                + number(history[history.length - order]),
                        bounds);
            case SIMPLE_THRESHOLD -> limits(plain(rule.min()), plain(rule.max()));
            case ONLINE_NORMAL, BATCH_NORMAL, HOLT_WINTERS -> limits(finite(bounds.lower()), finite(bounds.upper()));
        };
    }

    private static Expectation change(String decrease, String increase, String reference, Bounds bounds) {
        Expectation limits = limits(decrease, increase);
        Expectation values = limits(finite(bounds.lower()), finite(bounds.upper()));
        String text = limits.text() + " " + reference + " (" + values.text().replaceFirst("^[<>]= ", "") + ")";
        return new Expectation(text, limits.range());
    }

    private static Expectation limits(String lower, String upper) {
        if (lower != null && upper != null) {
            return new Expectation(lower + " .. " + upper, true);
        }
        return lower != null ? new Expectation(">= " + lower, false) : new Expectation("<= " + upper, false);
    }

    private static String description(RuleSpec rule) {
        return switch (rule.strategy()) {
            case ONLINE_NORMAL, BATCH_NORMAL -> rule.strategy().id() + ", " + deviations(rule);
            case HOLT_WINTERS -> "holt_winters, period " + rule.seasonPeriod();
            default -> rule.strategy().id();
        };
    }

    private static String deviations(RuleSpec rule) {
        if (!AnomalyStrategies.oneSided(rule)) {
            return number(AnomalyStrategies.stddevs(rule)) + " stddevs";
        }
        Double lower = rule.lowerStddevs();
        Double upper = rule.upperStddevs();
        return (lower == null ? "" : number(lower) + " stddevs below")
                + (lower != null && upper != null ? ", " : "")
                + (upper == null ? "" : number(upper) + " stddevs above");
    }

    private static String finite(double bound) {
        return Double.isInfinite(bound) ? null : number(bound);
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static String signed(double value) {
        return (value >= 0 ? "+" : "") + value;
    }

    /** A value for people: whole numbers as such, others to six significant digits (never rounding the integer part). */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal rounded = exact.precision() - exact.scale() >= SIGNIFICANT_DIGITS
                ? exact.setScale(0, RoundingMode.HALF_UP)
                : exact.round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP));
        return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
    }
}
