package dev.strata.core.quality.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The skeleton of the change strategies, as Deequ's {@code BaseChangeStrategy}: a point is an anomaly when its change
 * of the given order falls below {@code maxRateDecrease} or above {@code maxRateIncrease}. A missing limit is Scala's
 * {@code Double.MinValue} or {@code Double.MaxValue}, so only an infinite change passes it.
 */
public abstract class BaseChangeStrategy implements BoundedStrategy {
    private final Double maxRateDecrease;
    private final Double maxRateIncrease;
    private final int order;

    BaseChangeStrategy(Double maxRateDecrease, Double maxRateIncrease, int order) {
        if (maxRateDecrease == null && maxRateIncrease == null) {
            throw new IllegalArgumentException(
                    "At least one of the two limits (maxRateDecrease or maxRateIncrease) has to be specified.");
        }
        if (lowest(maxRateDecrease) > highest(maxRateIncrease)) {
            throw new IllegalArgumentException(
                    "The maximal rate of increase has to be bigger than the maximal rate of decrease.");
        }
        if (order < 0) {
            throw new IllegalArgumentException("Order of derivative cannot be negative.");
        }
        this.maxRateDecrease = maxRateDecrease;
        this.maxRateIncrease = maxRateIncrease;
        this.order = order;
    }

    /** The changes of {@code values}: {@code order} fewer than the values, the first one being that of the first. */
    abstract double[] changes(double[] values, int order);

    /** The name that prefixes an anomaly's detail. */
    abstract String label();

    public Double maxRateDecrease() {
        return maxRateDecrease;
    }

    public Double maxRateIncrease() {
        return maxRateIncrease;
    }

    public int order() {
        return order;
    }

    @Override
    public List<Anomaly> detect(double[] series, int start, int end) {
        if (start > end) {
            throw new IllegalArgumentException("The start of the interval cannot be larger than the end.");
        }
        int from = Math.max(start - order, 0);
        int to = Math.min(end, series.length);
        double[] changes = from < to ? changes(Arrays.copyOfRange(series, from, to), order) : new double[0];
        double lowest = lowest(maxRateDecrease);
        double highest = highest(maxRateIncrease);
        List<Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < changes.length; i++) {
            double change = changes[i];
            if (change < lowest || change > highest) {
                int index = i + from + order;
                anomalies.add(new Anomaly(
                        index,
                        series[index],
                        1.0,
                        "[" + label() + "]: Change of " + change + " is not in bounds [" + lowest + ", " + highest
                                + "]. Order=" + order));
            }
        }
        return List.copyOf(anomalies);
    }

    static double lowest(Double maxRateDecrease) {
        return maxRateDecrease == null ? -Double.MAX_VALUE : maxRateDecrease;
    }

    static double highest(Double maxRateIncrease) {
        return maxRateIncrease == null ? Double.MAX_VALUE : maxRateIncrease;
    }
}
