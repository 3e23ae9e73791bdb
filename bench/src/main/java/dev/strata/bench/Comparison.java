package dev.strata.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The measured rounds of two sides compared with each other (Strata against a baseline): the seconds of each side per
 * round, the per-round ratios, and their medians. A benchmark reports the median of the per-round ratios, which drift
 * between rounds (GC, page cache) affects less than a ratio of medians.
 */
final class Comparison {
    private final List<Double> first = new ArrayList<>();
    private final List<Double> second = new ArrayList<>();
    private final List<Double> ratios = new ArrayList<>();

    /** Records one measured round: the seconds of the first side and of the second. */
    void add(double firstSeconds, double secondSeconds) {
        first.add(firstSeconds);
        second.add(secondSeconds);
        ratios.add(firstSeconds / secondSeconds);
    }

    boolean isEmpty() {
        return ratios.isEmpty();
    }

    /** The first side's seconds, one per round. */
    List<Double> first() {
        return first;
    }

    /** The second side's seconds, one per round. */
    List<Double> second() {
        return second;
    }

    /** The first side's seconds over the second's, one per round. */
    List<Double> ratios() {
        return ratios;
    }

    double firstMedian() {
        return median(first);
    }

    double secondMedian() {
        return median(second);
    }

    double medianRatio() {
        return median(ratios);
    }

    /** The median of the measured rounds. */
    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
