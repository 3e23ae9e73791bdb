package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How long a run's datasets will take, from past runs: each dataset's typical time is the median of its last successful
 * builds. {@code datasets} are in the order the run builds them.
 */
public record RunEstimate(List<String> datasets, Map<String, Double> typicalSeconds) {
    /** Successful builds of a dataset whose median is its typical time. */
    public static final int BUILDS_PER_DATASET = 5;

    public RunEstimate {
        datasets = List.copyOf(datasets);
        typicalSeconds = Map.copyOf(typicalSeconds);
    }

    /** No past: nothing is estimated. */
    public static RunEstimate none(List<String> datasets) {
        return new RunEstimate(datasets, Map.of());
    }

    /**
     * The estimate for a run of {@code datasets} from {@code pastRuns} (any order): a dataset's typical time is the
     * median of its last {@link #BUILDS_PER_DATASET} successful builds.
     */
    public static RunEstimate of(List<String> datasets, List<RunResult> pastRuns) {
        requireNonNull(pastRuns, "pastRuns is null");
        List<RunResult> newestFirst = new ArrayList<>(pastRuns);
        newestFirst.sort((a, b) -> compareStarts(b, a));
        Map<String, List<Double>> builds = new HashMap<>();
        for (RunResult run : newestFirst) {
            for (DatasetResult dataset : run.datasets()) {
                List<Double> seconds = builds.computeIfAbsent(dataset.dataset(), d -> new ArrayList<>());
                if (dataset.status() == RunStatus.SUCCEEDED && seconds.size() < BUILDS_PER_DATASET) {
                    seconds.add(dataset.seconds());
                }
            }
        }
        Map<String, Double> typical = new LinkedHashMap<>();
        for (String dataset : datasets) {
            List<Double> seconds = builds.getOrDefault(dataset, List.of());
            if (!seconds.isEmpty()) {
                typical.put(dataset, median(seconds));
            }
        }
        return new RunEstimate(datasets, typical);
    }

    private static int compareStarts(RunResult a, RunResult b) {
        if (a.startedAt() == null || b.startedAt() == null) {
            return a.startedAt() == null ? (b.startedAt() == null ? 0 : -1) : 1;
        }
        return a.startedAt().compareTo(b.startedAt());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * Seconds left when {@code finished} datasets are done and the next one has been building for {@code
     * currentSeconds}: what is left of its typical time, plus the typical time of each one after it. Empty when one
     * of them has no past build.
     */
    public OptionalDouble secondsLeft(int finished, double currentSeconds) {
        double left = 0;
        for (int i = finished; i < datasets.size(); i++) {
            Double typical = typicalSeconds.get(datasets.get(i));
            if (typical == null) {
                return OptionalDouble.empty();
            }
            left += i == finished ? Math.max(0, typical - currentSeconds) : typical;
        }
        return OptionalDouble.of(left);
    }
}
