package dev.strata.core.quality.anomaly;

import java.util.ArrayList;
import java.util.List;

/**
 * Flags a value more than {@code lowerDeviationFactor} (or {@code upperDeviationFactor}) sample standard deviations
 * below (or above) the mean of the series, as Deequ's {@code BatchNormalStrategy}. Unless {@code includeInterval}, the
 * mean and deviation leave out the values searched. A missing factor leaves that side unbounded.
 */
public final class BatchNormalStrategy implements BoundedStrategy {
    private final Double lowerDeviationFactor;
    private final Double upperDeviationFactor;
    private final boolean includeInterval;

    public BatchNormalStrategy(Double lowerDeviationFactor, Double upperDeviationFactor, boolean includeInterval) {
        if (lowerDeviationFactor == null && upperDeviationFactor == null) {
            throw new IllegalArgumentException("At least one factor has to be specified.");
        }
        if ((lowerDeviationFactor != null && lowerDeviationFactor < 0)
                || (upperDeviationFactor != null && upperDeviationFactor < 0)) {
            throw new IllegalArgumentException("Factors cannot be smaller than zero.");
        }
        this.lowerDeviationFactor = lowerDeviationFactor;
        this.upperDeviationFactor = upperDeviationFactor;
        this.includeInterval = includeInterval;
    }

    @Override
    public List<Anomaly> detect(double[] series, int start, int end) {
        Bounds bounds = bounds(series, start, end);
        List<Anomaly> anomalies = new ArrayList<>();
        for (int index = start; index < Math.min(end, series.length); index++) {
            double value = series[index];
            if (value > bounds.upper() || value < bounds.lower()) {
                anomalies.add(new Anomaly(
                        index,
                        value,
                        1.0,
                        "[BatchNormalStrategy]: Value " + value + " is not in bounds [" + bounds.lower() + ", "
                                + bounds.upper() + "]."));
            }
        }
        return List.copyOf(anomalies);
    }

    @Override
    public Bounds bounds(double[] series, int index) {
        return bounds(series, index, index + 1);
    }

    private Bounds bounds(double[] series, int start, int end) {
        if (start > end) {
            throw new IllegalArgumentException("The start of the interval can't be larger than the end.");
        }
        if (series.length == 0) {
            throw new IllegalArgumentException("Data series is empty. Can't calculate mean/ stdDev.");
        }
        if (!includeInterval && end - start >= series.length) {
            throw new IllegalArgumentException("Excluding values in searchInterval from calculation but not enough"
                    + " values remain to calculate mean and stdDev.");
        }
        MeanAndVariance stats = includeInterval
                ? MeanAndVariance.of(series, 0, series.length)
                : MeanAndVariance.excluding(series, start, end);
        double factorBelow = lowerDeviationFactor == null ? Double.MAX_VALUE : lowerDeviationFactor;
        double factorAbove = upperDeviationFactor == null ? Double.MAX_VALUE : upperDeviationFactor;
        return new Bounds(stats.mean() - factorBelow * stats.stdDev(), stats.mean() + factorAbove * stats.stdDev());
    }
}
