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
     * The rule's strategy: the change strategies compare with the previous value (order 1), {@code max_decrease} being
     * a ratio for relative_rate_of_change (0.5: it may halve) and a change for absolute_change (either sign: a drop of
     * at most that much); simple_threshold takes {@code min} and {@code max}; the normal strategies take {@code stddevs}
     * on both sides, online_normal also {@code warmup} and leaves its anomalies out of the running statistics;
     * holt_winters takes the period of its {@code seasonality}.
     */
    public static AnomalyDetectionStrategy forRule(RuleSpec rule) {
        return bounded(rule);
    }

    static BoundedStrategy bounded(RuleSpec rule) {
        requireNonNull(rule.strategy(), "Cannot build an anomaly strategy: the rule has no strategy");
        return switch (rule.strategy()) {
            case ABSOLUTE_CHANGE ->
                new AbsoluteChangeStrategy(
                        rule.maxDecrease() == null ? null : -Math.abs(rule.maxDecrease()), rule.maxIncrease(), 1);
            case RELATIVE_RATE_OF_CHANGE -> new RelativeRateOfChangeStrategy(rule.maxDecrease(), rule.maxIncrease(), 1);
            case SIMPLE_THRESHOLD ->
                new SimpleThresholdStrategy(
                        bound(rule.min(), Double.NEGATIVE_INFINITY), bound(rule.max(), Double.POSITIVE_INFINITY));
            case ONLINE_NORMAL -> new OnlineNormalStrategy(stddevs(rule), stddevs(rule), warmup(rule), true);
            case BATCH_NORMAL -> new BatchNormalStrategy(stddevs(rule), stddevs(rule), false);
            case HOLT_WINTERS ->
                new HoltWinters(requireNonNull(
                                rule.seasonality(), "Cannot build strategy holt_winters: the rule has no seasonality")
                        .period());
        };
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
