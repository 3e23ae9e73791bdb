package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** The outcome of one pipeline run. */
public record RunResult(
        String runId,
        String pipeline,
        RunStatus status,
        Instant startedAt,
        Instant finishedAt,
        double sparkStartSeconds,
        List<DatasetResult> datasets) {

    public RunResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        datasets = List.copyOf(datasets);
    }

    /** FAILED when any dataset failed or could not be built because of it. */
    public static RunStatus overall(List<DatasetResult> datasets) {
        return datasets.stream()
                        .anyMatch(d -> d.status() == RunStatus.FAILED || d.status() == RunStatus.UPSTREAM_FAILED)
                ? RunStatus.FAILED
                : RunStatus.SUCCEEDED;
    }
}
