package dev.strata.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEstimateTest {
    private static final List<String> DATASETS = List.of("bronze.orders", "silver.orders");

    private static RunResult run(int minute, DatasetResult... datasets) {
        Instant started = Instant.parse("2026-12-01T08:00:00Z").plusSeconds(60L * minute);
        return new RunResult(
                "r" + minute, "shop", RunStatus.SUCCEEDED, started, started.plusSeconds(30), 0, List.of(datasets));
    }

    private static DatasetResult built(String dataset, RunStatus status, double seconds) {
        return new DatasetResult(dataset, status, 1, 1, 1, 0, 0, List.of(), List.of(), List.of(), seconds, null);
    }

    @Test
    void takesTheMedianOfEachDatasetsLastFiveSuccessfulBuilds() {
        List<RunResult> runs = List.of(
                run(0, built("bronze.orders", RunStatus.SUCCEEDED, 100)), // the sixth newest: left out
                run(1, built("bronze.orders", RunStatus.SUCCEEDED, 4)),
                run(2, built("bronze.orders", RunStatus.SUCCEEDED, 6)),
                run(3, built("bronze.orders", RunStatus.FAILED, 1)),
                run(4, built("bronze.orders", RunStatus.SUCCEEDED, 5)),
                run(6, built("bronze.orders", RunStatus.SUCCEEDED, 9), built("silver.orders", RunStatus.SUCCEEDED, 20)),
                run(
                        5,
                        built("bronze.orders", RunStatus.SUCCEEDED, 7),
                        built("silver.orders", RunStatus.SUCCEEDED, 30)));

        RunEstimate estimate = RunEstimate.of(DATASETS, runs);

        assertThat(estimate.typicalSeconds()).isEqualTo(Map.of("bronze.orders", 6.0, "silver.orders", 25.0));
        assertThat(estimate.secondsLeft(0, 0)).hasValue(31.0);
        assertThat(estimate.secondsLeft(0, 2)).as("2 s into bronze.orders").hasValue(29.0);
        assertThat(estimate.secondsLeft(0, 8)).as("bronze.orders over its time").hasValue(25.0);
        assertThat(estimate.secondsLeft(1, 5)).hasValue(20.0);
        assertThat(estimate.secondsLeft(2, 0)).as("all done").hasValue(0.0);
    }

    @Test
    void estimatesNothingWhenADatasetLeftHasNoPastBuild() {
        RunEstimate estimate =
                RunEstimate.of(DATASETS, List.of(run(1, built("bronze.orders", RunStatus.SUCCEEDED, 4))));

        assertThat(estimate.secondsLeft(0, 0)).isEmpty();
        assertThat(RunEstimate.none(DATASETS).secondsLeft(0, 0)).isEmpty();
        assertThat(RunEstimate.of(List.of("bronze.orders"), List.of()).secondsLeft(0, 0))
                .isEmpty();
    }
}
