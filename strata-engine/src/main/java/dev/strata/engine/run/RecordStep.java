package dev.strata.engine.run;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.OnFail;
import dev.strata.engine.sink.WriteResult;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.SourceBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 7 of a batch: the rules' verdicts on its measured metrics (before the write, since a failed rule stops it), and
 * its outcome: the dataset result and the ledger entry that records what it consumed and wrote.
 */
final class RecordStep {
    private final String pipeline;
    private final Ledger ledger;
    private final MetricHistory history;

    RecordStep(String pipeline, Ledger ledger, MetricHistory history) {
        this.pipeline = pipeline;
        this.ledger = ledger;
        this.history = history;
    }

    /** A batch's rule results, the malformed records first as a rule of their own, and the metrics to store. */
    record Judged(List<RuleResult> rules, DatasetMetrics metrics) {
        List<String> failures() {
            return rules.stream()
                    .filter(r -> r.status() == RuleStatus.FAILED)
                    .map(RuleResult::message)
                    .toList();
        }
    }

    /**
     * @param streamed whether the batch is a micro-batch of a stream, whose anomaly rules are judged once over the
     *     run ({@link DatasetRecorder#streamed})
     */
    Judged judge(
            String dataset,
            FlagStep.Flagged flagged,
            MeasureStep.Measured measured,
            RowCounts counts,
            BatchRun run,
            boolean streamed) {
        Verdicts.Verdict verdict = Verdicts.judge(
                flagged.quality().rules(),
                measured.metrics(),
                new Verdicts.Counts(counts.rowsIn(), counts.written(), counts.quarantined(), counts.dropped()),
                new Verdicts.Context(history, pipeline, dataset, run.runId(), Instant.now()),
                !streamed);
        List<RuleResult> rules = new ArrayList<>();
        if (counts.malformed() > 0) {
            rules.add(new RuleResult(
                    QuarantineStep.MALFORMED_RULE,
                    QuarantineStep.MALFORMED_RULE,
                    OnFail.QUARANTINE.id(),
                    counts.rowsIn(),
                    counts.good(),
                    counts.malformed(),
                    RuleStatus.WARNED,
                    counts.malformed() + " of " + counts.rowsIn()
                            + " records did not fit the declared schema and were quarantined",
                    null,
                    null));
        }
        rules.addAll(verdict.rules());
        return new Judged(
                rules, new DatasetMetrics(pipeline, dataset, run.runId(), Instant.now(), verdict.metrics(), rules));
    }

    /** A batch a rule failed: nothing was written, so the next run starts afresh rather than replaying it. */
    BatchOutcome failed(String dataset, RowCounts counts, Judged judged, long started) {
        ledger.clearPending(dataset);
        return new BatchOutcome(
                new DatasetResult(
                        dataset,
                        RunStatus.FAILED,
                        counts.rowsIn(),
                        counts.added(),
                        0,
                        0,
                        0,
                        judged.rules(),
                        List.of(),
                        List.of(),
                        seconds(started),
                        "Cannot write " + dataset + ": " + String.join("; ", judged.failures())
                                + " (nothing was written; fix the data or relax the rule, then re-run)"),
                null,
                judged.metrics());
    }

    /** A batch written to its table (and its quarantine), with the ledger entry to commit. */
    BatchOutcome committed(
            String dataset,
            SourceBatch batch,
            BatchRun run,
            RowCounts counts,
            Judged judged,
            WriteResult result,
            long started) {
        List<String> files = batch.consumes().files();
        LedgerEntry entry = new LedgerEntry(
                dataset,
                run.runId(),
                Instant.now(),
                files,
                batch.consumes().consumed(),
                counts.rowsIn(),
                counts.written(),
                counts.quarantined(),
                counts.dropped(),
                result.version());
        DatasetResult datasetResult = new DatasetResult(
                dataset,
                RunStatus.SUCCEEDED,
                counts.rowsIn(),
                counts.added(),
                counts.written(),
                counts.quarantined(),
                counts.dropped(),
                judged.rules(),
                files,
                result.schemaChanges(),
                seconds(started),
                result.alreadyCommitted()
                        ? "the table already held this batch (committed before an interruption)"
                        : null,
                result.version() < 0 ? null : result.version(),
                1,
                List.of());
        return new BatchOutcome(datasetResult, entry, judged.metrics());
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
