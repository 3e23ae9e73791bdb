package dev.strata.bench;

import java.util.Arrays;
import java.util.List;

/** What every benchmark needs: its command-line options and the median of its rounds. */
final class BenchArgs {
    private BenchArgs() {}

    /** The value after {@code name}, or {@code fallback} when the option is absent. */
    static String arg(String[] args, String name, String fallback) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
    }

    /** The median of the measured rounds. */
    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
