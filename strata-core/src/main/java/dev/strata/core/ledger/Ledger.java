package dev.strata.core.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.run.RunJson;
import dev.strata.core.run.RunResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The record of what each dataset of a lakehouse committed, which makes runs exactly-once: the files a bronze dataset
 * ingested, the upstream runs a dataset consumed, and the batch a dataset began and has not committed. The engine keeps it
 * as files next to the tables ({@code dev.strata.engine.ledger.FileLedger}); the metadata store keeps it in its
 * database ({@link RunStore#ledger}) for runs given one.
 */
public interface Ledger {
    /** Every committed entry of a dataset, oldest first. */
    List<LedgerEntry> entries(String dataset);

    /** Records the committed batch, then forgets it as pending. */
    void commit(LedgerEntry entry);

    /** Fixes a batch's inputs before its first write; see {@link PendingBatch}. */
    void begin(PendingBatch batch);

    /** The batch a dataset began and did not record as committed, or null. */
    PendingBatch pending(String dataset);

    /** Forgets a dataset's pending batch. */
    void clearPending(String dataset);

    /**
     * Forgets every committed entry of a dataset except run {@code keptRunId}'s, after a full refresh whose entry
     * covers all the dataset's input; returns how many it forgot. Forgetting them again forgets none.
     */
    int reset(String dataset, String keptRunId);

    /** Keeps the run's outcome, with every dataset's counts. */
    void recordRun(RunResult result);

    /** The outcome {@link #recordRun} kept for a run, or null when there is none. */
    RunResult run(String runId);

    /** The outcomes of up to {@code limit} of the runs recorded last, in no particular order; none by default. */
    default List<RunResult> recentRuns(int limit) {
        return List.of();
    }

    /** The entry a run committed for a dataset, if any. */
    default LedgerEntry entry(String dataset, String runId) {
        return entries(dataset).stream()
                .filter(e -> e.runId().equals(runId))
                .findFirst()
                .orElse(null);
    }

    /** Every file a dataset has ingested. */
    default Set<String> ingestedFiles(String dataset) {
        Set<String> files = new LinkedHashSet<>();
        entries(dataset).forEach(e -> files.addAll(e.files()));
        return files;
    }

    /** Runs of {@code upstream} that {@code dataset} has already consumed. */
    default Set<String> consumedRuns(String dataset, String upstream) {
        Set<String> runs = new LinkedHashSet<>();
        entries(dataset).forEach(e -> runs.addAll(e.consumed().getOrDefault(upstream, List.of())));
        return runs;
    }

    /** The JSON of ledger entries and run records (snake_case, ISO timestamps). */
    static ObjectMapper json() {
        return RunJson.mapper();
    }
}
