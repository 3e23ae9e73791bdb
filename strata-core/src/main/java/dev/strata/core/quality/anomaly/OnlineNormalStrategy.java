package dev.strata.core.quality.anomaly;

import java.util.ArrayList;
import java.util.List;

/**
 * Flags a value more than {@code lowerDeviationFactor} (or {@code upperDeviationFactor}) standard deviations below
 * (or above) the running mean, as Deequ's {@code OnlineNormalStrategy}. The running mean and population deviation at
 * a point include that point; the first {@code ignoreStartPercentage} of the series only feeds them, and with {@code
 * ignoreAnomalies} a flagged point does not. A missing factor leaves that side unbounded.
 */
public final class OnlineNormalStrategy implements BoundedStrategy {
    private final Double lowerDeviationFactor;
    private final Double upperDeviationFactor;
    private final double ignoreStartPercentage;
    private final boolean ignoreAnomalies;
    /** Points flagged before (by an earlier run of the same check), treated as anomalies already found. */
    private final boolean[] flagged;

    /** The running statistics at one point, the bounds its value was compared with, and whether it was flagged. */
    record Step(double mean, double stdDev, Bounds bounds, boolean anomaly) {}

    public OnlineNormalStrategy(
            Double lowerDeviationFactor,
            Double upperDeviationFactor,
            double ignoreStartPercentage,
            boolean ignoreAnomalies) {
        this(lowerDeviationFactor, upperDeviationFactor, ignoreStartPercentage, ignoreAnomalies, new boolean[0]);
    }

    private OnlineNormalStrategy(
            Double lowerDeviationFactor,
            Double upperDeviationFactor,
            double ignoreStartPercentage,
            boolean ignoreAnomalies,
            boolean[] flagged) {
        if (lowerDeviationFactor == null && upperDeviationFactor == null) {
            throw new IllegalArgumentException("At least one factor has to be specified.");
        }
        if ((lowerDeviationFactor != null && lowerDeviationFactor < 0)
                || (upperDeviationFactor != null && upperDeviationFactor < 0)) {
            throw new IllegalArgumentException("Factors cannot be smaller than zero.");
        }
        if (!(ignoreStartPercentage >= 0 && ignoreStartPercentage <= 1.0)) {
            throw new IllegalArgumentException("Percentage of start values to ignore must be in interval [0, 1].");
        }
        this.lowerDeviationFactor = lowerDeviationFactor;
        this.upperDeviationFactor = upperDeviationFactor;
        this.ignoreStartPercentage = ignoreStartPercentage;
        this.ignoreAnomalies = ignoreAnomalies;
        this.flagged = flagged.clone();
    }

    /**
     * This strategy, with the points at the given indices already flagged (by earlier runs, which judged each point when
     * it was the newest): with {@code ignoreAnomalies} they are left out of the running statistics as Deequ leaves out
     * the anomalies it finds in the search interval, the point's index still counting.
     */
    public OnlineNormalStrategy withFlagged(boolean[] flaggedBefore) {
        return new OnlineNormalStrategy(
                lowerDeviationFactor, upperDeviationFactor, ignoreStartPercentage, ignoreAnomalies, flaggedBefore);
    }

    /** Whether the point at {@code index} of a series of {@code length} values is in the warm-up, never flagged. */
    boolean inWarmUp(int index, int length) {
        return index < length * ignoreStartPercentage;
    }

    @Override
    public List<Anomaly> detect(double[] series, int start, int end) {
        if (start > end) {
            throw new IllegalArgumentException("The start of the interval can't be larger than the end.");
        }
        List<Step> steps = steps(series, start, end);
        List<Anomaly> anomalies = new ArrayList<>();
        for (int index = start; index < steps.size(); index++) {
            Step step = steps.get(index);
            if (step.anomaly()) {
                // Deequ reports the mean without the point but the deviation with it, not the bounds it compared.
                double lower = step.mean() - factorBelow() * step.stdDev();
                double upper = step.mean() + factorAbove() * step.stdDev();
                anomalies.add(new Anomaly(
                        index,
                        series[index],
                        1.0,
                        "[OnlineNormalStrategy]: Value " + series[index] + " is not in bounds [" + lower + ", " + upper
                                + "]."));
            }
        }
        return List.copyOf(anomalies);
    }

    @Override
    public Bounds bounds(double[] series, int index) {
        return steps(series, index, index + 1).get(index).bounds();
    }

    /** The steps up to {@code end} (or the series' end), flagging only points in {@code [start, end)}. */
    List<Step> steps(double[] series, int start, int end) {
        List<Step> steps = new ArrayList<>();
        double mean = 0.0;
        double sn = 0.0;
        for (int index = 0; index < Math.min(end, series.length); index++) {
            double value = series[index];
            double lastMean = mean;
            double lastSn = sn;
            mean = index == 0 ? value : lastMean + (1.0 / (index + 1)) * (value - lastMean);
            sn += (value - lastMean) * (value - mean);
            double stdDev = Math.sqrt(sn / (index + 1));
            Bounds bounds = new Bounds(mean - factorBelow() * stdDev, mean + factorAbove() * stdDev);
            boolean known = index < start && index < flagged.length && flagged[index];
            boolean anomaly = known
                    || (!inWarmUp(index, series.length)
                            && index >= start
                            && !(value <= bounds.upper() && value >= bounds.lower()));
            if (anomaly && ignoreAnomalies) {
                mean = lastMean;
                sn = lastSn;
            }
            steps.add(new Step(mean, stdDev, bounds, anomaly));
        }
        return steps;
    }

    private double factorBelow() {
        return lowerDeviationFactor == null ? Double.MAX_VALUE : lowerDeviationFactor;
    }

    private double factorAbove() {
        return upperDeviationFactor == null ? Double.MAX_VALUE : upperDeviationFactor;
    }
}
