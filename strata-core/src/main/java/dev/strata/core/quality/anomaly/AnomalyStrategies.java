package dev.strata.core.quality.anomaly;

import static java.util.Objects.requireNonNull;

import dev.strata.core.spec.RuleSpec;
import java.math.BigDecimal;

/** Builds the strategy an anomaly rule declares. */
public final class AnomalyStrategies {
    /** Deviation factor of the normal strategies when the rule sets no {@code stddevs}. */
    public static final double DEFAULT_STDDEVS = 3.0;
    /** Warm-up fraction of online_normal when the rule sets no {@code warmup} (Deequ's ignoreStartPercentage). */
    public static final double DEFAULT_WARMUP = 0.1;

    private AnomalyStrategies() {}

    /**
     * The rule's strategy: the change strategies compare with the value {@code order} runs before (default 1), {@code
     * max_decrease} being a ratio for relative_rate_of_change (0.5: it may halve) and a change for absolute_change
     * (either sign: a drop of at most that much); simple_threshold takes {@code min} and {@code max}; the normal
     * strategies take {@code stddevs} on both sides or {@code lower_stddevs}/{@code upper_stddevs} (an absent side is
     * unchecked), online_normal also {@code warmup}; holt_winters takes {@code period} or its {@code seasonality}'s.
     */
    public static AnomalyDetectionStrategy forRule(RuleSpec rule) {
        return bounded(rule, new boolean[0]);
    }

    /**
     * The rule's strategy for a series whose first points are the history: {@code flagged[i]} says this rule flagged
     * point {@code i} when its run was judged. With {@code ignore_anomalies}, online_normal leaves those points out of
     * its running statistics as Deequ leaves out the anomalies it finds (batch_normal's are left out of the series).
     */
    static BoundedStrategy bounded(RuleSpec rule, boolean[] flagged) {
        requireNonNull(rule.strategy(), "Cannot build an anomaly strategy: the rule has no strategy");
        return switch (rule.strategy()) {
            case ABSOLUTE_CHANGE ->
                new AbsoluteChangeStrategy(
                        rule.maxDecrease() == null ? null : -Math.abs(rule.maxDecrease()),
                        rule.maxIncrease(),
                        order(rule));
            case RELATIVE_RATE_OF_CHANGE ->
                new RelativeRateOfChangeStrategy(rule.maxDecrease(), rule.maxIncrease(), order(rule));
            case SIMPLE_THRESHOLD ->
                new SimpleThresholdStrategy(
                        bound(rule.min(), Double.NEGATIVE_INFINITY), bound(rule.max(), Double.POSITIVE_INFINITY));
            case ONLINE_NORMAL ->
                new OnlineNormalStrategy(lowerStddevs(rule), upperStddevs(rule), warmup(rule), true)
                        .withFlagged(ignoreAnomalies(rule) ? flagged : new boolean[0]);
            case BATCH_NORMAL -> new BatchNormalStrategy(lowerStddevs(rule), upperStddevs(rule), false);
            case HOLT_WINTERS ->
                new HoltWinters(requireNonNull(
                        rule.seasonPeriod(), "Cannot build strategy holt_winters: the rule has no period"));
        };
    }

    /** The order of a change strategy: {@code order}, or 1 (the previous value). */
    static int order(RuleSpec rule) {
        return rule.order() == null ? 1 : rule.order();
    }

    /** Whether the rule leaves the points it flagged out of a normal strategy's statistics (default true, as Deequ). */
    public static boolean ignoreAnomalies(RuleSpec rule) {
        return rule.ignoreAnomalies() == null || rule.ignoreAnomalies();
    }

    /** Whether the rule declares its sides apart ({@code lower_stddevs}, {@code upper_stddevs}) rather than stddevs. */
    static boolean oneSided(RuleSpec rule) {
        return rule.lowerStddevs() != null || rule.upperStddevs() != null;
    }

    /** The deviations allowed below the mean; null: that side is unchecked. */
    static Double lowerStddevs(RuleSpec rule) {
        return oneSided(rule) ? rule.lowerStddevs() : Double.valueOf(stddevs(rule));
    }

    /** The deviations allowed above the mean; null: that side is unchecked. */
    static Double upperStddevs(RuleSpec rule) {
        return oneSided(rule) ? rule.upperStddevs() : Double.valueOf(stddevs(rule));
    }

    static double stddevs(RuleSpec rule) {
        return rule.stddevs() == null ? DEFAULT_STDDEVS : rule.stddevs();
    }

    static double warmup(RuleSpec rule) {
        return rule.warmup() == null ? DEFAULT_WARMUP : rule.warmup();
    }

    private static double bound(BigDecimal value, double missing) {
        return value == null ? missing : value.doubleValue();
    }
}
