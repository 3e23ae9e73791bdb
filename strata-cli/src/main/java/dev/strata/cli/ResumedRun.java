package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Resumption;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strata run --resume RUN_ID}: the original run as the lakehouse's ledger recorded it (in the metadata store for
 * a run given a database, else in the files next to the tables; either holds CLI and server runs alike), and the
 * datasets resuming it builds again.
 */
final class ResumedRun {
    private ResumedRun() {}

    /** The original run's record; a clear error when there is none, or it is another pipeline's. */
    static RunResult original(Ledger ledger, String runId, Pipeline pipeline) {
        String root = pipeline.spec().storage().root();
        RunResult original = ledger.run(runId);
        if (original == null) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot resume run " + runId + ": the ledger of " + root + " has no record of it (check the run"
                            + " id; a run killed before it ended has no record: run the pipeline again with --run-id "
                            + runId + " to finish it)");
        }
        if (!pipeline.spec().name().equals(original.pipeline())) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot resume run " + runId + ": it is a run of pipeline '" + original.pipeline() + "', not of '"
                            + pipeline.spec().name() + "'");
        }
        return original;
    }

    /**
     * The selection of the datasets the original run did not finish: a clear error when it finished them all, or
     * when the pipeline no longer has one of them.
     */
    static String selector(RunResult original, Pipeline pipeline) {
        Map<String, RunStatus> outcomes = new LinkedHashMap<>();
        for (DatasetResult dataset : original.datasets()) {
            outcomes.put(dataset.dataset(), dataset.status());
        }
        List<String> datasets = Resumption.datasets(List.copyOf(outcomes.keySet()), outcomes);
        if (datasets.isEmpty()) {
            throw new StrataException(
                    ErrorCode.CONFLICT,
                    "Cannot resume run " + original.runId() + ": it "
                            + original.status().name().toLowerCase(java.util.Locale.ROOT)
                            + " with no dataset failed or left unbuilt; nothing to resume (start a new run instead)");
        }
        List<String> missing = datasets.stream()
                .filter(name -> !pipeline.spec().datasets().containsKey(name))
                .toList();
        if (!missing.isEmpty()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot resume run " + original.runId() + ": the pipeline no longer has "
                            + String.join(", ", missing)
                            + ", which it did not finish (run the datasets you want with --only instead)");
        }
        return Resumption.selector(datasets);
    }
}
