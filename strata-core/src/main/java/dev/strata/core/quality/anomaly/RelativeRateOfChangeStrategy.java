package dev.strata.core.quality.anomaly;

/**
 * Flags a point whose ratio to the value {@code order} points before is below {@code maxRateDecrease} (e.g. 0.5: it
 * halved) or above {@code maxRateIncrease} (e.g. 2.0: it doubled), as Deequ's {@code RelativeRateOfChangeStrategy}.
 */
public final class RelativeRateOfChangeStrategy extends BaseChangeStrategy {
    public RelativeRateOfChangeStrategy(Double maxRateDecrease, Double maxRateIncrease, int order) {
        super(maxRateDecrease, maxRateIncrease, order);
        if (order <= 0) {
            throw new IllegalArgumentException("Order of diff cannot be zero or negative");
        }
    }

    @Override
    double[] changes(double[] values, int order) {
        double[] ratios = new double[Math.max(values.length - order, 0)];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = values[i + order] / values[i];
        }
        return ratios;
    }

    @Override
    String label() {
        return "RelativeRateOfChangeStrategy";
    }

    /** The limits times the value {@code order} points before; a negative one swaps them. */
    @Override
    public Bounds bounds(double[] series, int index) {
        double base = series[index - order()];
        double lower = maxRateDecrease() == null ? Double.NEGATIVE_INFINITY : maxRateDecrease() * base;
        double upper = maxRateIncrease() == null ? Double.POSITIVE_INFINITY : maxRateIncrease() * base;
        if (base >= 0) {
            return new Bounds(lower, upper);
        }
        return new Bounds(
                maxRateIncrease() == null ? Double.NEGATIVE_INFINITY : upper,
                maxRateDecrease() == null ? Double.POSITIVE_INFINITY : lower);
    }
}
