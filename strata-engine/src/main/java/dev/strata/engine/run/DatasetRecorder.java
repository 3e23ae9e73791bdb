package dev.strata.engine.run;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.engine.quality.MetricMerge;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.Cursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dataset's side of the ledger and the metric history: the batch an interrupted run left pending, the cursor a new
 * batch fixes before its first write, and what the dataset's batches came to.
 */
final class DatasetRecorder {
    private final String pipeline;
    private final Ledger ledger;
    private final MetricHistory history;

    DatasetRecorder(String pipeline, Ledger ledger, MetricHistory history) {
        this.pipeline = pipeline;
        this.ledger = ledger;
        this.history = history;
    }

    /** The batch an interrupted run began and did not commit, or null; one it did commit is forgotten. */
    PendingBatch pending(String dataset) {
        PendingBatch pending = ledger.pending(dataset);
        if (pending != null && ledger.entry(dataset, pending.runId()) != null) {
            ledger.clearPending(dataset);
            return null;
        }
        return pending;
    }

    /** Fixes a new batch's cursor before its first write, so that a retry after a crash reads the same input. */
    void begin(String dataset, BatchRun run, Cursor cursor, Reprocessing.Kind reprocess) {
        ledger.begin(new PendingBatch(dataset, run.runId(), run.time(), cursor.files(), cursor.consumed(), reprocess));
    }

    /** Forgets the dataset's ledger entries but run {@code keptRunId}'s, whose refresh covers all its input. */
    int reset(String dataset, String keptRunId) {
        return ledger.reset(dataset, keptRunId);
    }

    /** A batch that failed: its metrics are kept, the ledger records nothing. */
    void failed(BatchOutcome outcome) {
        history.record(outcome.metrics());
    }

    /** A dataset that read nothing: recorded with no rows, and {@code note} says why. */
    DatasetResult nothingNew(String dataset, BatchRun run, long started, String note) {
        ledger.commit(new LedgerEntry(dataset, run.runId(), Instant.now(), List.of(), Map.of(), 0, 0, 0, 0, -1));
        return new DatasetResult(
                dataset,
                RunStatus.SUCCEEDED,
                0,
                0,
                0,
                0,
                0,
                List.of(),
                List.of(),
                List.of(),
                RecordStep.seconds(started),
                note);
    }

    /** The outcome of a dataset read in one batch, recovered from {@code recovered} (null for a new batch). */
    DatasetResult single(BatchOutcome outcome, PendingBatch recovered) {
        if (outcome.committed()) {
            history.record(outcome.metrics());
            ledger.commit(outcome.entry());
        }
        DatasetResult result = outcome.result();
        if (recovered != null && result.status() == RunStatus.SUCCEEDED) {
            result = result.withNote("recovered the batch of interrupted run " + recovered.runId()
                    + "; input that arrived since waits for the next run");
        }
        return result;
    }

    /**
     * The outcome of a dataset read as micro-batches of a checkpointed stream, all committed: their rows carry one run
     * id (that of the interrupted run, when one is recovered), recorded in one ledger entry.
     */
    DatasetResult streamed(
            String dataset, BatchRun run, List<RuleSpec> specs, List<BatchOutcome> batches, long started) {
        long rowsIn = 0;
        long added = 0;
        long written = 0;
        long quarantined = 0;
        long dropped = 0;
        long version = -1;
        List<RuleResult> rules = new ArrayList<>();
        List<String> schemaChanges = new ArrayList<>();
        for (BatchOutcome batch : batches) {
            DatasetResult result = batch.result();
            rowsIn += result.rowsIn();
            added += result.rowsAdded();
            written += result.rowsWritten();
            quarantined += result.rowsQuarantined();
            dropped += result.rowsDropped();
            version = Math.max(version, batch.entry().tableVersion());
            rules.addAll(result.rules());
            schemaChanges.addAll(result.schemaChanges());
        }
        ledger.commit(new LedgerEntry(
                dataset,
                run.runId(),
                Instant.now(),
                List.of(),
                Map.of(),
                rowsIn,
                written,
                quarantined,
                dropped,
                version));
        List<RuleResult> combined = batches.size() == 1 ? rules : RuleResult.combine(rules);
        MetricMerge.Merged merged = MetricMerge.merge(
                batches.stream().map(b -> b.metrics().metrics()).toList(), combined);
        // The history holds one point per run, so a stream's anomaly rules judge the run's combined metrics.
        Verdicts.Verdict verdict = Verdicts.judgeAnomalies(
                specs,
                combined,
                merged.metrics(),
                merged.uncombined(),
                batches.size(),
                new Verdicts.Context(history, pipeline, dataset, run.runId(), Instant.now()));
        history.record(
                new DatasetMetrics(pipeline, dataset, run.runId(), Instant.now(), verdict.metrics(), verdict.rules()));
        List<String> anomalies = verdict.rules().stream()
                .filter(r -> r.status() == RuleStatus.FAILED)
                .map(r -> r.name() + ": " + r.message())
                .toList();
        String note = batches.size() > 1 ? batches.size() + " micro-batches from the checkpoint" : null;
        if (!anomalies.isEmpty()) {
            note = String.join("; ", anomalies) + " (the run's " + batches.size()
                    + (batches.size() == 1 ? " micro-batch was" : " micro-batches were")
                    + " written: a stream commits each as it goes, so an anomaly over the run fails the dataset after"
                    + " them; its downstream datasets wait for the next run)";
        }
        return new DatasetResult(
                dataset,
                anomalies.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.FAILED,
                rowsIn,
                added,
                written,
                quarantined,
                dropped,
                verdict.rules(),
                List.of(),
                schemaChanges,
                RecordStep.seconds(started),
                note,
                version < 0 ? null : version,
                1,
                List.of());
    }
}
