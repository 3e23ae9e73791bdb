package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one pipeline run, with where it came from: the parameters it was given, the logical time it stood for,
 * the run it resumed, if any, and the target it ran for, if any ({@link RunOrigin}); {@code strata run --resume} reads
 * these back. {@code reprocessing} says, for a full refresh or a backfill, what the run loaded again and which ledger
 * entries it reset.
 */
public record RunResult(
        String runId,
        String pipeline,
        RunStatus status,
        Instant startedAt,
        Instant finishedAt,
        double sparkStartSeconds,
        List<DatasetResult> datasets,
        Map<String, String> parameters,
        Instant logicalTime,
        String resumedFrom,
        String target,
        Reprocessing reprocessing) {

    @JsonCreator
    public RunResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        datasets = List.copyOf(datasets);
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A run with no recorded origin. */
    public RunResult(
            String runId,
            String pipeline,
            RunStatus status,
            Instant startedAt,
            Instant finishedAt,
            double sparkStartSeconds,
            List<DatasetResult> datasets) {
        this(
                runId,
                pipeline,
                status,
                startedAt,
                finishedAt,
                sparkStartSeconds,
                datasets,
                Map.of(),
                null,
                null,
                null,
                null);
    }

    /** This outcome with where the run came from; the logical time is the start time when the origin names none. */
    public RunResult withOrigin(RunOrigin origin) {
        return new RunResult(
                runId,
                pipeline,
                status,
                startedAt,
                finishedAt,
                sparkStartSeconds,
                datasets,
                origin.parameters(),
                origin.logicalTime() != null ? origin.logicalTime() : startedAt,
                origin.resumedFrom(),
                origin.target(),
                reprocessing);
    }

    /** This outcome of a run that loaded input again as {@code reprocessed} says (null for an ordinary run). */
    public RunResult withReprocessing(Reprocessing reprocessed) {
        return new RunResult(
                runId,
                pipeline,
                status,
                startedAt,
                finishedAt,
                sparkStartSeconds,
                datasets,
                parameters,
                logicalTime,
                resumedFrom,
                target,
                reprocessed);
    }

    /** FAILED when any dataset failed or could not be built because of it. */
    public static RunStatus overall(List<DatasetResult> datasets) {
        return datasets.stream()
                        .anyMatch(d -> d.status() == RunStatus.FAILED || d.status() == RunStatus.UPSTREAM_FAILED)
                ? RunStatus.FAILED
                : RunStatus.SUCCEEDED;
    }
}
