package dev.strata.engine.run;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.crypto.Encryptions;
import dev.strata.engine.lineage.RunLineage;
import dev.strata.engine.sink.WriteResult;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.BatchSource;
import dev.strata.engine.source.Cursor;
import dev.strata.engine.source.SourceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds one dataset as a short sequence of steps: 1 read its batches, and for each batch 2 transform, 3 flag every
 * row against its rules in one projection, 4 measure (all counts and metrics in one aggregation or observation, so
 * the source is scanned once), 5 write the valid rows, 6 quarantine the others, 7 record the outcome. A batch an
 * interrupted run left pending is read again from the same cursor, under that run's id and time.
 */
final class DatasetBuilder {
    /** The steps of one run; each is built once per run. */
    record Steps(
            ReadStep read,
            TransformStep transform,
            FlagStep flag,
            MeasureStep measure,
            WriteStep write,
            QuarantineStep quarantine,
            RecordStep record,
            DatasetRecorder recorder) {

        /** The steps of one run of {@code scope}'s pipeline. */
        static Steps of(
                RunScope scope,
                TableLocations locations,
                Map<DatasetName, DatasetPlan> plans,
                Encryptions encryptions,
                Observations observations) {
            PipelineTables tables = new PipelineTables(scope.spark(), scope.pipeline(), locations, plans);
            String name = scope.pipeline().spec().name();
            MetricHistory history = scope.lineage().recording(scope.history());
            return new Steps(
                    new ReadStep(scope.spark(), scope.pipeline(), scope.ledger(), scope.roots(), tables, observations),
                    new TransformStep(tables, scope.lineage()),
                    new FlagStep(tables),
                    new MeasureStep(observations),
                    new WriteStep(scope.spark(), locations, encryptions),
                    new QuarantineStep(locations, encryptions),
                    new RecordStep(name, scope.ledger(), history),
                    new DatasetRecorder(name, scope.ledger(), history));
        }
    }

    /** What every step of one run shares: the session, the pipeline and where the run reads, records and reports. */
    record RunScope(
            SparkSession spark,
            Pipeline pipeline,
            AllowedRoots roots,
            Ledger ledger,
            MetricHistory history,
            RunLineage lineage) {}

    private final Steps steps;
    private final BatchRun run;
    private final RunListener listener;

    /** A builder for {@code run}'s datasets that tells {@code listener} each dataset's phases. */
    DatasetBuilder(Steps steps, BatchRun run, RunListener listener) {
        this.steps = steps;
        this.run = run;
        this.listener = listener;
    }

    DatasetResult build(DatasetPlan plan) {
        long started = System.nanoTime();
        String name = plan.name().toString();
        DatasetRecorder recorder = steps.recorder();
        listener.phaseStarted(name, DatasetPhase.READING);
        PendingBatch pending = recorder.pending(name);
        BatchSource source = steps.read().source(plan);
        Cursor cursor = pending != null ? new Cursor(pending.files(), pending.consumed()) : source.next();
        BatchRun owner = pending != null ? new BatchRun(pending.runId(), pending.startedAt()) : run;
        if (cursor == null) {
            return recorder.nothingNew(name, owner, started, source.noInputNote());
        }
        BatchSource.Batches batches = source.read(cursor, owner);
        if (pending == null) {
            recorder.begin(name, owner, cursor);
        }
        List<BatchOutcome> outcomes = new ArrayList<>();
        batches.forEach(batch -> {
            BatchOutcome outcome = build(plan, batch, owner, started);
            if (!outcome.committed()) {
                recorder.failed(outcome);
            }
            outcomes.add(outcome);
            return outcome.failure();
        });
        if (outcomes.isEmpty()) {
            return recorder.nothingNew(name, owner, started, source.noInputNote());
        }
        // A batch this run began in an attempt that failed is retried, not recovered from an interrupted run.
        PendingBatch recovered = pending != null && !pending.runId().equals(run.runId()) ? pending : null;
        return source.checkpointed()
                ? recorder.streamed(name, owner, outcomes, started)
                : recorder.single(outcomes.get(0), recovered);
    }

    private BatchOutcome build(DatasetPlan plan, SourceBatch batch, BatchRun owner, long started) {
        String name = plan.name().toString();
        FlagStep.Flagged flagged = null;
        try (PersistedRows cache = new PersistedRows()) {
            listener.phaseStarted(name, DatasetPhase.READING);
            InputRows input = steps.read().split(batch, name, cache);
            Dataset<Row> rows = steps.transform().apply(plan, input.good(), owner);
            listener.phaseStarted(name, DatasetPhase.CHECKING);
            flagged = steps.flag().flag(plan, rows);
            MeasureStep.Measured measured = steps.measure()
                    .measure(name, plan.spec().write().mode(), flagged, cache, valid -> {
                        // Measured as it is written: one pass reads, checks and writes.
                        listener.phaseStarted(name, DatasetPhase.WRITING);
                        return steps.write().write(plan, valid, -1, batch.commit(), owner);
                    });
            RowCounts counts = steps.measure().counts(input, measured);
            RecordStep.Judged judged = steps.record().judge(name, flagged, measured, counts, owner);
            if (!judged.failures().isEmpty()) {
                return steps.record().failed(name, counts, judged, started);
            }
            if (measured.result() == null) {
                listener.phaseStarted(name, DatasetPhase.WRITING);
            }
            WriteResult result = measured.result() != null
                    ? measured.result()
                    : steps.write()
                            .write(plan, flagged.valid(measured.rows()), counts.written(), batch.commit(), owner);
            steps.quarantine()
                    .write(
                            plan,
                            counts.quarantinedByRules() > 0 ? flagged.quarantined(measured.rows()) : null,
                            counts.malformed() > 0 ? input.malformed() : null,
                            batch.commit(),
                            owner);
            listener.phaseStarted(name, DatasetPhase.COMMITTING);
            return steps.record().committed(name, batch, owner, counts, judged, result, started);
        } finally {
            if (flagged != null) {
                flagged.release();
            }
        }
    }
}
