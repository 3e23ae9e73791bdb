package dev.strata.core.quality.anomaly;

import java.util.Arrays;

/**
 * Flags a point whose absolute change (its {@code order}-th difference; 1: the value minus the previous one) is below
 * {@code maxRateDecrease} (e.g. -100) or above {@code maxRateIncrease}, as Deequ's {@code AbsoluteChangeStrategy}.
 */
public final class AbsoluteChangeStrategy extends BaseChangeStrategy {
    public AbsoluteChangeStrategy(Double maxRateDecrease, Double maxRateIncrease, int order) {
        super(maxRateDecrease, maxRateIncrease, order);
    }

    @Override
    double[] changes(double[] values, int order) {
        double[] differences = values;
        for (int round = 0; round < order && differences.length > 0; round++) {
            double[] next = new double[differences.length - 1];
            for (int i = 0; i < next.length; i++) {
                next[i] = differences[i + 1] - differences[i];
            }
            differences = next;
        }
        return differences;
    }

    @Override
    String label() {
        return "AbsoluteChangeStrategy";
    }

    /**
     * The difference is linear in the value at {@code index}, with a coefficient of 1: the bounds are the limits minus
     * what the earlier values contribute.
     */
    @Override
    public Bounds bounds(double[] series, int index) {
        double[] window = Arrays.copyOfRange(series, Math.max(index - order(), 0), index + 1);
        window[window.length - 1] = 0;
        double[] changes = changes(window, order());
        double others = changes.length == 0 ? 0 : changes[changes.length - 1];
        return new Bounds(
                maxRateDecrease() == null ? Double.NEGATIVE_INFINITY : maxRateDecrease() - others,
                maxRateIncrease() == null ? Double.POSITIVE_INFINITY : maxRateIncrease() - others);
    }
}
