package dev.strata.engine.run;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.WriteMode;
import dev.strata.engine.crypto.Encryptions;
import dev.strata.engine.lineage.RunLineage;
import dev.strata.engine.sink.Replacement;
import dev.strata.engine.sink.WriteResult;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.BatchSource;
import dev.strata.engine.source.Cursor;
import dev.strata.engine.source.SourceBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

    private final Function<SparkSession, Steps> stepsOn;
    private final Steps steps;
    private final BatchRun run;
    private final RunListener listener;
    /** How the run loads input again (a full refresh or a backfill), or null for an ordinary run. */
    private final Reprocessing reprocessing;
    /** Per dataset a full refresh rebuilt, how many ledger entries of earlier runs it reset. */
    private final Map<String, Integer> resets;

    /**
     * A builder for {@code run}'s datasets on {@code spark}, with the steps {@code stepsOn} makes for a session, that
     * tells {@code listener} each dataset's phases, and loads input again as {@code reprocessing} says (null for an
     * ordinary run).
     */
    DatasetBuilder(
            Function<SparkSession, Steps> stepsOn,
            SparkSession spark,
            BatchRun run,
            RunListener listener,
            Reprocessing reprocessing) {
        this(stepsOn, stepsOn.apply(spark), run, listener, reprocessing, new LinkedHashMap<>());
    }

    private DatasetBuilder(
            Function<SparkSession, Steps> stepsOn,
            Steps steps,
            BatchRun run,
            RunListener listener,
            Reprocessing reprocessing,
            Map<String, Integer> resets) {
        this.stepsOn = stepsOn;
        this.steps = steps;
        this.run = run;
        this.listener = listener;
        this.reprocessing = reprocessing;
        this.resets = resets;
    }

    /** This run's builder working in {@code session} (a dataset built beside others gets a session of its own). */
    DatasetBuilder on(SparkSession session) {
        return new DatasetBuilder(stepsOn, stepsOn.apply(session), run, listener, reprocessing, resets);
    }

    /** Per dataset a full refresh rebuilt so far, how many ledger entries of earlier runs it reset. */
    Map<String, Integer> resets() {
        synchronized (resets) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resets));
        }
    }

    /** Records a full refresh's reset of a dataset's earlier ledger entries, keeping run {@code keptRunId}'s. */
    int reset(String dataset, String keptRunId) {
        int reset = steps.recorder().reset(dataset, keptRunId);
        synchronized (resets) {
            resets.merge(dataset, reset, Integer::sum);
        }
        return reset;
    }

    /** What the run does again for the dataset: a backfill re-reads only datasets that read a source. */
    Reprocessing.Kind reprocessing(DatasetPlan plan) {
        if (reprocessing == null || reprocessing.kind() == Reprocessing.Kind.BACKFILL && plan.source() == null) {
            return null;
        }
        return reprocessing.kind();
    }

    DatasetResult build(DatasetPlan plan) {
        long started = System.nanoTime();
        String name = plan.name().toString();
        DatasetRecorder recorder = steps.recorder();
        listener.phaseStarted(name, DatasetPhase.READING);
        PendingBatch pending = recorder.pending(name);
        Reprocessing.Kind kind = reprocessing(plan);
        if (pending != null && kind == Reprocessing.Kind.FULL_REFRESH && pending.reprocess() != kind) {
            // The refresh rebuilds the whole table from all the input, which covers the interrupted batch's.
            pending = null;
        }
        Reprocessing.Kind batchKind = pending != null ? pending.reprocess() : kind;
        BatchSource source = steps.read().source(plan);
        Cursor cursor;
        if (pending != null) {
            cursor = new Cursor(pending.files(), pending.consumed());
        } else if (kind == Reprocessing.Kind.FULL_REFRESH) {
            cursor = source.all();
        } else if (kind == Reprocessing.Kind.BACKFILL) {
            cursor = source.modifiedIn(reprocessing);
        } else {
            cursor = source.next();
        }
        BatchRun owner = pending != null ? new BatchRun(pending.runId(), pending.startedAt()) : run;
        if (cursor == null) {
            steps.write().comment(plan);
            return recorder.nothingNew(
                    name,
                    owner,
                    started,
                    kind == Reprocessing.Kind.BACKFILL ? source.noBackfillNote() : source.noInputNote());
        }
        BatchSource.Batches batches = source.read(cursor, owner);
        if (pending == null) {
            recorder.begin(name, owner, cursor, batchKind);
        }
        List<BatchOutcome> outcomes = new ArrayList<>();
        batches.forEach(batch -> {
            BatchOutcome outcome = build(plan, source, batch, owner, started, batchKind);
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
        if (batchKind == Reprocessing.Kind.FULL_REFRESH && outcomes.get(0).committed()) {
            source.refreshed(cursor, owner);
        }
        DatasetResult result = source.streams(batchKind)
                ? recorder.streamed(name, owner, plan.spec().expect(), outcomes, started)
                : recorder.single(outcomes.get(0), recovered);
        String read = source.describe(cursor);
        if (batchKind == Reprocessing.Kind.FULL_REFRESH && result.status() == RunStatus.SUCCEEDED) {
            int reset = reset(name, owner.runId());
            result = result.withNote("full refresh: rebuilt the table and its quarantine from all its input"
                    + (read == null ? "" : " (" + read + "; the stream continues after them)") + "; reset " + reset
                    + " ledger " + (reset == 1 ? "entry" : "entries") + " of earlier runs");
        } else if (batchKind == Reprocessing.Kind.BACKFILL && read != null) {
            result = result.withNote("backfill of " + read);
        }
        return result;
    }

    private BatchOutcome build(
            DatasetPlan plan,
            BatchSource source,
            SourceBatch batch,
            BatchRun owner,
            long started,
            Reprocessing.Kind kind) {
        String name = plan.name().toString();
        FlagStep.Flagged flagged = null;
        try (PersistedRows cache = new PersistedRows()) {
            Replacement replacement = replacement(plan, source, batch, kind);
            listener.phaseStarted(name, DatasetPhase.READING);
            InputRows input = steps.read().split(batch, name, cache);
            Dataset<Row> rows = steps.transform().apply(plan, input.good(), owner);
            listener.phaseStarted(name, DatasetPhase.CHECKING);
            flagged = steps.flag().flag(plan, rows, cache);
            var committed = steps.write().committed(plan);
            MeasureStep.Measured measured = steps.measure().measure(name, committed, flagged, cache, valid -> {
                // Measured as it is written: one pass reads, checks and writes.
                listener.phaseStarted(name, DatasetPhase.WRITING);
                return steps.write().write(plan, valid, -1, batch.commit(), owner, replacement);
            });
            RowCounts counts = steps.measure().counts(input, measured);
            RecordStep.Judged judged =
                    steps.record().judge(name, flagged, measured, counts, owner, source.streams(kind));
            if (!judged.failures().isEmpty()) {
                return steps.record().failed(name, counts, judged, started);
            }
            if (measured.result() == null) {
                listener.phaseStarted(name, DatasetPhase.WRITING);
            }
            WriteResult result = measured.result() != null
                    ? measured.result()
                    : steps.write()
                            .write(
                                    plan,
                                    flagged.valid(measured.rows()),
                                    counts.written(),
                                    batch.commit(),
                                    owner,
                                    replacement);
            steps.quarantine()
                    .write(
                            plan,
                            counts.quarantinedByRules() > 0 ? flagged.quarantined(measured.rows()) : null,
                            counts.malformed() > 0 ? input.malformed() : null,
                            batch.commit(),
                            owner,
                            replacement);
            List<String> comments = steps.write().comment(plan);
            if (!comments.isEmpty()) {
                List<String> changes = new ArrayList<>(result.schemaChanges());
                changes.addAll(comments);
                result = new WriteResult(result.version(), result.alreadyCommitted(), changes);
            }
            listener.phaseStarted(name, DatasetPhase.COMMITTING);
            return steps.record().committed(name, batch, owner, counts, judged, result, started);
        } finally {
            if (flagged != null) {
                flagged.release();
            }
        }
    }

    /**
     * The rows of the table a batch replaces: all of them for a full refresh; for a backfill of an append table, those
     * earlier runs loaded from the batch's input; none otherwise (merge and SCD2 re-apply the batch by key).
     */
    private static Replacement replacement(
            DatasetPlan plan, BatchSource source, SourceBatch batch, Reprocessing.Kind kind) {
        if (kind == Reprocessing.Kind.FULL_REFRESH) {
            return Replacement.ALL;
        }
        if (kind != Reprocessing.Kind.BACKFILL || plan.spec().write().mode() != WriteMode.APPEND) {
            return null;
        }
        return source.replaces(batch);
    }
}
