package dev.strata.core.quality.anomaly;

import java.util.ArrayList;
import java.util.List;

/** Flags a value outside {@code [lowerBound, upperBound]}, as Deequ's {@code SimpleThresholdStrategy}. */
public final class SimpleThresholdStrategy implements BoundedStrategy {
    private final double lowerBound;
    private final double upperBound;

    public SimpleThresholdStrategy(double lowerBound, double upperBound) {
        if (!(lowerBound <= upperBound)) {
            throw new IllegalArgumentException("The lower bound must be smaller or equal to the upper bound.");
        }
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
    }

    @Override
    public List<Anomaly> detect(double[] series, int start, int end) {
        if (start > end) {
            throw new IllegalArgumentException("The start of the interval can't be larger than the end.");
        }
        List<Anomaly> anomalies = new ArrayList<>();
        for (int index = start; index < Math.min(end, series.length); index++) {
            double value = series[index];
            if (value < lowerBound || value > upperBound) {
                anomalies.add(new Anomaly(
                        index,
                        value,
                        1.0,
                        "[SimpleThresholdStrategy]: Value " + value + " is not in bounds [" + lowerBound + ", "
                                + upperBound + "]"));
            }
        }
        return List.copyOf(anomalies);
    }

    @Override
    public Bounds bounds(double[] series, int index) {
        return new Bounds(lowerBound, upperBound);
    }
}
