package dev.strata.engine.run;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.SqlReferences;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.crypto.ColumnEncryption;
import dev.strata.engine.crypto.Encryptions;
import dev.strata.engine.quality.BatchQuality;
import dev.strata.engine.quality.MetricMerge;
import dev.strata.engine.sink.CommitId;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.sink.WriteRequest;
import dev.strata.engine.sink.WriteResult;
import dev.strata.engine.source.KafkaSource;
import dev.strata.engine.source.SourceFiles;
import dev.strata.engine.source.SourceRead;
import dev.strata.engine.source.Sources;
import dev.strata.engine.transform.Transforms;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Builds one dataset: read its input, transform, judge every row against its rules in one projection, then write the
 * valid rows and the quarantined ones. All counts come from one aggregation over the cached, flagged batch, so the
 * source is scanned once.
 */
final class DatasetBuilder {
    static final String RUN_ID = "_run_id";
    static final String INGESTED_AT = "_ingested_at";
    static final String FAILED_RULES = BatchQuality.FAILED_RULES;
    static final String REASON = "_reason";
    static final String QUARANTINED_AT = "_quarantined_at";
    static final String MALFORMED_RULE = "malformed_record";
    private static final org.apache.spark.sql.types.DataType FAILED_RULES_TYPE = BatchQuality.FAILED_RULES_TYPE;

    private static final long OBSERVATION_WAIT_SECONDS = 5;
    private static final java.util.concurrent.atomic.AtomicLong OBSERVATIONS =
            new java.util.concurrent.atomic.AtomicLong();
    /** How often an observation was not reported and the batch was measured again: a pass the write should have saved. */
    static final java.util.concurrent.atomic.AtomicLong OBSERVATION_FALLBACKS =
            new java.util.concurrent.atomic.AtomicLong();

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetBuilder.class);

    private final SparkSession spark;
    private final Pipeline pipeline;
    private final Ledger ledger;
    private final TableLocations locations;
    private final String runId;
    private final Instant runStartedAt;
    private final Map<DatasetName, DatasetPlan> plans;
    private final MetricHistory history;
    private final AllowedRoots roots;
    private final Encryptions encryptions;

    DatasetBuilder(
            SparkSession spark,
            Pipeline pipeline,
            Ledger ledger,
            TableLocations locations,
            String runId,
            Instant runStartedAt,
            Map<DatasetName, DatasetPlan> plans,
            MetricHistory history,
            AllowedRoots roots,
            Encryptions encryptions) {
        this.spark = spark;
        this.roots = roots;
        this.encryptions = encryptions;
        this.history = history;
        this.pipeline = pipeline;
        this.ledger = ledger;
        this.locations = locations;
        this.runId = runId;
        this.runStartedAt = runStartedAt;
        this.plans = plans;
    }

    /**
     * The row counts of one batch. Transforms may remove rows (filter, dedupe, an inner join) or, through a join or an
     * SQL step, create them; the net change counts as dropped or added, so that {@code rowsIn + added = written +
     * quarantined + dropped}.
     */
    private record Counts(long rowsIn, long malformed, long transformed, long quarantinedByRules, long droppedByRules) {
        long good() {
            return rowsIn - malformed;
        }

        long added() {
            return Math.max(0, transformed - good());
        }

        long dropped() {
            return Math.max(0, good() - transformed) + droppedByRules;
        }

        long written() {
            return transformed - quarantinedByRules - droppedByRules;
        }
    }

    /** The input of one dataset: rows, and what reading them consumed. */
    private record Input(
            Dataset<Row> rows,
            UnaryOperator<Dataset<Row>> explainMalformed,
            List<String> files,
            Map<String, List<String>> consumed) {
        boolean mayHaveMalformed() {
            return explainMalformed != null;
        }
    }

    /**
     * One batch of one dataset: the run that owns it, when it was taken, and its identity for the tables' exactly-once
     * check. A batch recovered from an interrupted run keeps that run's id and time, so it is written exactly as the
     * interrupted run would have written it.
     */
    private record Batch(String runId, Instant time, CommitId commit) {
        Timestamp timestamp() {
            return Timestamp.from(time);
        }
    }

    DatasetResult build(DatasetPlan plan) {
        long started = System.nanoTime();
        String name = plan.name().toString();
        PendingBatch pending = ledger.pending(name);
        if (pending != null && ledger.entry(name, pending.runId()) != null) {
            ledger.clearPending(name);
            pending = null;
        }
        if (plan.source() != null
                && pipeline.spec().sources().get(plan.source()).format() == SourceFormat.KAFKA) {
            return buildFromKafka(plan, pending, started);
        }
        Input input;
        Batch batch;
        if (pending != null) {
            input = replay(plan, pending);
            batch = new Batch(pending.runId(), pending.startedAt(), CommitId.ofRun(pending.runId()));
        } else {
            input = input(plan);
            batch = new Batch(runId, runStartedAt, CommitId.ofRun(runId));
            if (input != null) {
                ledger.begin(new PendingBatch(name, runId, runStartedAt, input.files(), input.consumed()));
            }
        }
        if (input == null) {
            ledger.commit(new LedgerEntry(name, runId, Instant.now(), List.of(), Map.of(), 0, 0, 0, 0, -1));
            return new DatasetResult(
                    name,
                    RunStatus.SUCCEEDED,
                    0,
                    0,
                    0,
                    0,
                    0,
                    List.of(),
                    List.of(),
                    List.of(),
                    seconds(started),
                    "no new input");
        }
        Built built = build(plan, input, batch, started);
        history.record(built.metrics());
        DatasetResult result = built.result();
        if (built.entry() != null) {
            ledger.commit(built.entry());
        }
        if (pending != null && result.status() == RunStatus.SUCCEEDED) {
            String note = "recovered the batch of interrupted run " + pending.runId()
                    + "; input that arrived since waits for the next run";
            result = result.withNote(note);
        }
        return result;
    }

    /** A batch's outcome, and the ledger entry to record when it committed. */
    private record Built(DatasetResult result, LedgerEntry entry, DatasetMetrics metrics) {}

    /**
     * A Kafka source: every micro-batch the checkpoint has not committed goes through the same build as a file batch.
     * Each micro-batch's table commits carry the checkpoint's batch id, so a micro-batch replayed after a crash is
     * skipped where it was committed; the rows of all micro-batches of a run carry one run id (that of the interrupted
     * run, when one is recovered), recorded in one ledger entry at the end.
     */
    private DatasetResult buildFromKafka(DatasetPlan plan, PendingBatch pending, long started) {
        String name = plan.name().toString();
        SourceSpec source = pipeline.spec().sources().get(plan.source());
        String batchRunId = pending != null ? pending.runId() : runId;
        Instant batchTime = pending != null ? pending.startedAt() : runStartedAt;
        if (pending == null) {
            ledger.begin(new PendingBatch(name, runId, runStartedAt, List.of(), Map.of()));
        }
        List<Built> batches = new ArrayList<>();
        String checkpoint = new org.apache.hadoop.fs.Path(
                        new org.apache.hadoop.fs.Path(pipeline.spec().storage().root(), "_strata/checkpoints"), name)
                .toString();
        KafkaSource.stream(spark, source, checkpoint, (read, batchId) -> {
            Built built = build(
                    plan,
                    sourceInput(read, List.of(), batchRunId, batchTime),
                    new Batch(batchRunId, batchTime, new CommitId("strata-kafka:" + name, batchId)),
                    System.nanoTime());
            if (built.entry() == null) {
                // Stop the stream before the checkpoint commits this micro-batch, so the next run retries it.
                history.record(built.metrics());
                throw new StrataException(
                        ErrorCode.DATASET_FAILED, built.result().message());
            }
            batches.add(built);
        });
        long rowsIn = 0;
        long added = 0;
        long written = 0;
        long quarantined = 0;
        long dropped = 0;
        long version = -1;
        List<RuleResult> rules = new ArrayList<>();
        List<String> schemaChanges = new ArrayList<>();
        for (Built built : batches) {
            DatasetResult result = built.result();
            rowsIn += result.rowsIn();
            added += result.rowsAdded();
            written += result.rowsWritten();
            quarantined += result.rowsQuarantined();
            dropped += result.rowsDropped();
            version = Math.max(version, built.entry().tableVersion());
            rules.addAll(result.rules());
            schemaChanges.addAll(result.schemaChanges());
        }
        ledger.commit(new LedgerEntry(
                name, batchRunId, Instant.now(), List.of(), Map.of(), rowsIn, written, quarantined, dropped, version));
        List<RuleResult> combined = batches.size() == 1 ? rules : RuleResult.combine(rules);
        if (!batches.isEmpty()) {
            history.record(new DatasetMetrics(
                    pipeline.spec().name(),
                    name,
                    batchRunId,
                    Instant.now(),
                    MetricMerge.merge(
                            batches.stream().map(b -> b.metrics().metrics()).toList(), combined),
                    combined));
        }
        String message = batches.isEmpty()
                ? "no new input"
                : batches.size() > 1 ? batches.size() + " micro-batches from the checkpoint" : null;
        return new DatasetResult(
                name,
                RunStatus.SUCCEEDED,
                rowsIn,
                added,
                written,
                quarantined,
                dropped,
                combined,
                List.of(),
                schemaChanges,
                seconds(started),
                message);
    }

    private Built build(DatasetPlan plan, Input input, Batch batch, long started) {
        String name = plan.name().toString();

        Observation inputObservation = new Observation(observationName("input", name));
        Column malformedCount =
                input.mayHaveMalformed() ? countTrue(col(SourceRead.RAW_RECORD).isNotNull()) : lit(0L);
        Dataset<Row> rows = input.rows().observe(inputObservation, count(lit(1)).as("rows"), malformedCount.as("bad"));
        Dataset<Row> malformed = null;
        List<Dataset<Row>> cached = new ArrayList<>();
        BatchQuality quality = null;
        if (input.mayHaveMalformed()) {
            // Spark marks a record malformed only while parsing all of it: cache the full rows, then split.
            rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(rows);
            malformed = input.explainMalformed()
                    .apply(rows.filter(col(SourceRead.RAW_RECORD).isNotNull()));
            rows = rows.filter(col(SourceRead.RAW_RECORD).isNull()).drop(SourceRead.RAW_RECORD);
        }
        try {
            for (TransformSpec step : plan.spec().transform()) {
                rows = Transforms.apply(rows, step, this::readTable, this::sql);
            }
            if (plan.spec().write().mode() == WriteMode.APPEND) {
                rows = rows.withColumn(RUN_ID, lit(batch.runId()));
            }

            quality = new BatchQuality(plan.spec().expect());
            Dataset<Row> flagged = quality.flag(rows, this::readTable);
            BatchMetrics batchMetrics;
            WriteResult result = null;
            Dataset<Row> measured = flagged;
            WriteMode mode = plan.spec().write().mode();
            boolean measureFirst =
                    quality.blocking() || mode == WriteMode.MERGE || mode == WriteMode.SCD2 || mode == WriteMode.DELETE;
            if (measureFirst) {
                // A rule may fail the dataset, so its verdict must come before the commit; or the write mode reads
                // the batch several times in plans an observation cannot follow (Delta materializes a MERGE source):
                // measure the cached batch with one aggregation, then write from the cache.
                measured = flagged.persist(StorageLevel.MEMORY_AND_DISK());
                cached.add(measured);
                batchMetrics = quality.measure(measured);
            } else {
                // Measure during the write: the observed aggregates ride along the pass that writes the batch.
                BatchQuality.Observed observedBatch =
                        quality.observe(flagged, kind -> new Observation(observationName(kind, name)));
                result = write(plan, observedBatch.valid(), -1, batch);
                // When the table held this batch nothing ran the observed plan: measure it now instead of waiting.
                batchMetrics = result.alreadyCommitted()
                        ? quality.measure(flagged)
                        : observedBatch.metrics(DatasetBuilder::observed);
            }
            Map<String, Object> inputCounts = observed(
                    inputObservation,
                    () -> BatchQuality.aggregate(input.rows(), count(lit(1)).as("rows"), malformedCount.as("bad")));
            BatchQuality.RowCounts ruleCounts = BatchQuality.counts(batchMetrics);
            Counts counts = new Counts(
                    ((Number) inputCounts.get("rows")).longValue(),
                    ((Number) inputCounts.get("bad")).longValue(),
                    ruleCounts.rows(),
                    ruleCounts.quarantined(),
                    ruleCounts.dropped());
            long rowsIn = counts.rowsIn();
            long malformedRows = counts.malformed();
            long quarantinedByRules = counts.quarantinedByRules();
            long added = counts.added();
            long written = counts.written();
            long quarantined = malformedRows + quarantinedByRules;

            Verdicts.Verdict verdict = Verdicts.judge(
                    quality.rules(),
                    batchMetrics,
                    new Verdicts.Counts(rowsIn, written, quarantined, counts.dropped()),
                    new Verdicts.Context(history, pipeline.spec().name(), name, batch.runId(), Instant.now()));
            List<RuleResult> ruleResults = new ArrayList<>();
            if (malformedRows > 0) {
                ruleResults.add(new RuleResult(
                        MALFORMED_RULE,
                        MALFORMED_RULE,
                        OnFail.QUARANTINE.id(),
                        rowsIn,
                        counts.good(),
                        malformedRows,
                        RuleStatus.WARNED,
                        malformedRows + " of " + rowsIn
                                + " records did not fit the declared schema and were quarantined",
                        null,
                        null));
            }
            ruleResults.addAll(verdict.rules());
            DatasetMetrics datasetMetrics = new DatasetMetrics(
                    pipeline.spec().name(), name, batch.runId(), Instant.now(), verdict.metrics(), ruleResults);
            List<String> failures = ruleResults.stream()
                    .filter(r -> r.status() == RuleStatus.FAILED)
                    .map(RuleResult::message)
                    .toList();
            if (!failures.isEmpty()) {
                // Nothing was written, so the next run starts afresh rather than replaying this batch.
                ledger.clearPending(name);
                return new Built(
                        new DatasetResult(
                                name,
                                RunStatus.FAILED,
                                rowsIn,
                                added,
                                0,
                                0,
                                0,
                                ruleResults,
                                List.of(),
                                List.of(),
                                seconds(started),
                                "Cannot write " + name + ": " + String.join("; ", failures)
                                        + " (nothing was written; fix the data or relax the rule, then re-run)"),
                        null,
                        datasetMetrics);
            }
            if (result == null) {
                result = write(plan, quality.valid(measured), written, batch);
            }
            // The counts say which branches hold rows, so an empty branch costs no pass over the batch.
            Dataset<Row> quarantine = null;
            if (quarantinedByRules > 0) {
                quarantine = ruleQuarantine(quality.quarantined(measured), batch);
            }
            if (malformedRows > 0) {
                Dataset<Row> explained = malformedQuarantine(malformed, batch);
                quarantine = quarantine == null ? explained : quarantine.unionByName(explained, true);
            }
            if (quarantine != null) {
                writeQuarantine(plan, quarantine, batch);
            }
            LedgerEntry entry = new LedgerEntry(
                    name,
                    batch.runId(),
                    Instant.now(),
                    input.files(),
                    input.consumed(),
                    rowsIn,
                    written,
                    quarantined,
                    counts.dropped(),
                    result.version());
            return new Built(
                    new DatasetResult(
                            name,
                            RunStatus.SUCCEEDED,
                            rowsIn,
                            added,
                            written,
                            quarantined,
                            counts.dropped(),
                            ruleResults,
                            input.files(),
                            result.schemaChanges(),
                            seconds(started),
                            result.alreadyCommitted()
                                    ? "the table already held this batch (committed before an interruption)"
                                    : null),
                    entry,
                    datasetMetrics);
        } finally {
            cached.forEach(Dataset::unpersist);
            if (quality != null) {
                quality.release();
            }
        }
    }

    private Input input(DatasetPlan plan) {
        if (plan.source() != null) {
            return sourceInput(plan);
        }
        if (plan.spec().sql() != null) {
            return new Input(sql(plan.spec().sql()), null, List.of(), Map.of());
        }
        DatasetName upstream = DatasetName.parse(plan.spec().from());
        Dataset<Row> table = readTable(upstream.toString());
        DatasetPlan upstreamPlan = plans.get(upstream);
        boolean incremental = upstreamPlan != null
                && upstreamPlan.spec().write().mode() == WriteMode.APPEND
                && Arrays.asList(table.columns()).contains(RUN_ID);
        if (!incremental) {
            return new Input(table, null, List.of(), Map.of());
        }
        // Read only the batches the upstream committed that this dataset has not consumed yet.
        List<String> pending = new ArrayList<>();
        var consumed = ledger.consumedRuns(plan.name().toString(), upstream.toString());
        for (LedgerEntry entry : ledger.entries(upstream.toString())) {
            if (entry.rowsWritten() > 0 && !consumed.contains(entry.runId())) {
                pending.add(entry.runId());
            }
        }
        Map<String, List<String>> consumedNow = Map.of(upstream.toString(), pending);
        if (pending.isEmpty()) {
            return null;
        }
        return new Input(table.filter(col(RUN_ID).isin(pending.toArray())), null, List.of(), consumedNow);
    }

    private Input sourceInput(DatasetPlan plan) {
        SourceSpec source = pipeline.spec().sources().get(plan.source());
        List<String> files = List.of();
        if (source.format().isFileBased()) {
            var ingested = ledger.ingestedFiles(plan.name().toString());
            files = SourceFiles.list(spark, source.path()).stream()
                    .filter(f -> !ingested.contains(f))
                    .toList();
            if (files.isEmpty()) {
                return null;
            }
            checkUnderRoots(plan.source(), files);
        }
        return readSource(source, files, runId, runStartedAt);
    }

    /**
     * A server run's source files must lie under its roots: the source path did when the file was loaded, but a glob or
     * a symbolic link below it may lead out.
     */
    private void checkUnderRoots(String source, List<String> files) {
        for (String file : files) {
            roots.violation(file).ifPresent(reason -> {
                throw new StrataException(
                        ErrorCode.ACCESS_DENIED,
                        "Cannot read source " + source + ": its file " + file + " may not be read by a server run: "
                                + reason + " (keep a source's files, and the links among them, under the allowed"
                                + " roots)");
            });
        }
    }

    private Input readSource(SourceSpec source, List<String> files, String batchRunId, Instant batchTime) {
        return sourceInput(
                Sources.forFormat(source.format().id()).read(spark, source, files), files, batchRunId, batchTime);
    }

    /** A source's rows as a bronze batch: stamped with the batch's run id and ingestion time. */
    private static Input sourceInput(SourceRead read, List<String> files, String batchRunId, Instant batchTime) {
        Dataset<Row> rows = read.rows()
                .withColumn(INGESTED_AT, lit(Timestamp.from(batchTime)))
                .withColumn(RUN_ID, lit(batchRunId));
        return new Input(rows, read.explainMalformed(), files, Map.of());
    }

    /** The exact input of an interrupted batch: the same files, or the same upstream runs. */
    private Input replay(DatasetPlan plan, PendingBatch pending) {
        if (plan.source() != null) {
            SourceSpec source = pipeline.spec().sources().get(plan.source());
            checkUnderRoots(plan.source(), pending.files());
            return readSource(source, pending.files(), pending.runId(), pending.startedAt());
        }
        if (pending.consumed().isEmpty()) {
            return input(plan);
        }
        Map.Entry<String, List<String>> upstream =
                pending.consumed().entrySet().iterator().next();
        Dataset<Row> table = readTable(upstream.getKey());
        return new Input(
                table.filter(col(RUN_ID).isin(upstream.getValue().toArray())), null, List.of(), pending.consumed());
    }

    /** Runs SQL after registering the tables it names, so {@code silver.orders} resolves to the current table. */
    Dataset<Row> sql(String query) {
        Set<String> layers = new HashSet<>(SqlReferences.STANDARD_LAYERS);
        plans.keySet().forEach(n -> layers.add(n.layer()));
        for (DatasetName referenced : SqlReferences.extract(query, layers)) {
            DatasetPlan owner = plans.get(referenced);
            if (owner != null) {
                locations.register(spark, referenced, owner.format());
            } else {
                locations.register(spark, referenced, TableFormat.DELTA);
            }
        }
        return spark.sql(query);
    }

    /** A dataset's current table, by layer.name. */
    Dataset<Row> readTable(String qualified) {
        DatasetName name = DatasetName.parse(qualified);
        DatasetPlan plan = plans.get(name);
        Sink sink = Sinks.forFormat(
                plan == null
                        ? pipeline.spec().storage().format().id()
                        : plan.spec()
                                .write()
                                .formatOr(pipeline.spec().storage().format())
                                .id());
        TableRef table = locations.table(name);
        if (!sink.exists(spark, table)) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot read " + name + ": its table does not exist yet at " + table.location()
                            + " (build it first, e.g. strata run "
                            + pipeline.file().getFileName() + " --only +" + name
                            + ")");
        }
        return sink.read(spark, table);
    }

    private static Dataset<Row> ruleQuarantine(Dataset<Row> quarantined, Batch batch) {
        return quarantined
                .withColumn(
                        REASON,
                        org.apache.spark.sql.functions.concat(
                                lit("broke "), org.apache.spark.sql.functions.array_join(col(FAILED_RULES), ", ")))
                .withColumn(RUN_ID, lit(batch.runId()))
                .withColumn(QUARANTINED_AT, lit(batch.timestamp()));
    }

    private static Dataset<Row> malformedQuarantine(Dataset<Row> malformed, Batch batch) {
        return malformed
                .withColumn(FAILED_RULES, array(lit(MALFORMED_RULE)).cast(FAILED_RULES_TYPE))
                .withColumnRenamed(SourceRead.MALFORMED_REASON, REASON)
                .withColumn(RUN_ID, lit(batch.runId()))
                .withColumn(QUARANTINED_AT, lit(batch.timestamp()));
    }

    private WriteResult write(DatasetPlan plan, Dataset<Row> valid, long rows, Batch batch) {
        // Encryption is one more projection on top of the judged batch: it runs in the pass that writes it.
        java.util.Optional<ColumnEncryption> encryption =
                encryptions.forDataset(plan.name().toString());
        if (encryption.isPresent()) {
            valid = encryption.get().encrypt(valid);
        }
        Sink sink = Sinks.forFormat(plan.format().id());
        TableRef table = locations.table(plan.name());
        if (rows == 0 && plan.spec().write().mode() != WriteMode.OVERWRITE && sink.exists(spark, table)) {
            return WriteResult.NOTHING;
        }
        return sink.write(
                valid,
                new WriteRequest(
                        table, plan.spec().write(), plan.spec().schemaEvolution(), batch.commit(), batch.time()));
    }

    private void writeQuarantine(DatasetPlan plan, Dataset<Row> rows, Batch batch) {
        DatasetName name = plan.name();
        Dataset<Row> quarantine = encryptions
                .forDataset(name.toString())
                .map(encryption -> encryption.encryptQuarantine(rows))
                .orElse(rows);
        Sinks.forFormat(TableFormat.DELTA.id())
                .write(
                        quarantine,
                        new WriteRequest(
                                locations.table(name.quarantine()),
                                WriteSpec.APPEND,
                                SchemaEvolution.ADD_COLUMNS,
                                batch.commit(),
                                batch.time()));
    }

    /**
     * The observation's metrics, which the job that just ran delivers through a listener, normally within
     * milliseconds. Spark never delivers them when the optimizer turned the observed plan into an empty relation, or
     * when the write read the batch through a plan the observation is not part of, and {@link Observation#get} would
     * then wait forever: after a bounded wait, aggregate again instead.
     */
    private static Map<String, Object> observed(Observation observation, Supplier<Map<String, Object>> recount) {
        java.util.concurrent.ExecutorService waiter = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "strata-observation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return waiter.submit(observation::getAsJava).get(OBSERVATION_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            OBSERVATION_FALLBACKS.incrementAndGet();
            LOG.warn("Spark did not report observation {} after the write; measuring again", observation.name());
            return recount.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading row counts", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot read row counts: " + e.getCause().getMessage(), e.getCause());
        } finally {
            // Interrupts a wait that will never end.
            waiter.shutdownNow();
        }
    }

    /** Observation names must be unique within a query; a counter keeps them unique within the JVM. */
    private static String observationName(String kind, String dataset) {
        return "strata:" + kind + ":" + dataset + ":" + OBSERVATIONS.incrementAndGet();
    }

    private static Column countTrue(Column condition) {
        return org.apache.spark.sql.functions.coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
