package dev.strata.engine.run;

import dev.strata.core.crypto.KeyStore;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.RunStore;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RunOrigin;
import dev.strata.core.run.RunResult;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.crypto.Encryptions;
import dev.strata.engine.isolation.QueryCheck;
import dev.strata.engine.isolation.RestrictedSession;
import dev.strata.engine.ledger.LedgerSource;
import dev.strata.engine.lineage.LineageSettings;
import dev.strata.engine.lineage.RunLineage;
import dev.strata.engine.sink.IcebergCatalogs;
import dev.strata.engine.source.BatchRun;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Runs a pipeline's datasets in topological order on a SparkSession and records the outcome. */
public final class PipelineRunner {
    private final SparkSession spark;
    private final Pipeline pipeline;
    private final RunListener listener;
    private final MetricHistory history;
    private final LedgerSource ledgers;
    private final AllowedRoots roots;
    private KeyStore keys;
    private RunOrigin origin = RunOrigin.NONE;
    private LineageSettings lineage;
    private Reprocessing reprocessing;
    /** The observations of the last run, whose counters tests read. */
    private Observations lastRun;
    /** The Spark jobs of the last run. */
    private TaskProgressListener lastJobs;
    /** How many datasets to build at once; null for the pipeline's {@code max_parallel}. */
    private Integer maxParallel;
    /** Where each dataset's table facts and quarantine samples go; null for nowhere. */
    private RunStore tables;

    /** A runner that keeps no metric history: anomaly rules and row count changes have nothing to compare with. */
    public PipelineRunner(SparkSession spark, Pipeline pipeline, RunListener listener) {
        this(spark, pipeline, listener, MetricHistory.none());
    }

    /** A runner that records every batch's metrics in {@code history}, and judges anomalies against it. */
    public PipelineRunner(SparkSession spark, Pipeline pipeline, RunListener listener, MetricHistory history) {
        this(spark, pipeline, listener, history, LedgerSource.FILES);
    }

    /** As above, with the run ledger in {@code ledgers} (the metadata store, when runs are given one). */
    public PipelineRunner(
            SparkSession spark, Pipeline pipeline, RunListener listener, MetricHistory history, LedgerSource ledgers) {
        this(spark, pipeline, listener, history, ledgers, AllowedRoots.any());
    }

    private PipelineRunner(
            SparkSession spark,
            Pipeline pipeline,
            RunListener listener,
            MetricHistory history,
            LedgerSource ledgers,
            AllowedRoots roots) {
        this.spark = spark;
        this.pipeline = pipeline;
        this.listener = listener;
        this.history = history;
        this.ledgers = ledgers;
        this.roots = roots;
    }

    /**
     * This runner for a run the server started: source files must lie under {@code roots} (the pipeline file's
     * locations were checked as it was loaded), the SQL is checked as {@link QueryCheck} says for server runs, and
     * messages from Spark or the JVM are reduced to their error class (the details go to the log). The session should
     * be locked down with {@link RestrictedSession#apply}.
     */
    public PipelineRunner restricted(AllowedRoots roots) {
        if (roots.isAny()) {
            throw new IllegalArgumentException("a restricted run needs allowed roots");
        }
        return new PipelineRunner(spark, pipeline, listener, history, ledgers, roots)
                .withKeys(keys)
                .withOrigin(origin)
                .withLineage(lineage)
                .withReprocessing(reprocessing)
                .withMaxParallel(maxParallel)
                .recordingTables(tables);
    }

    private boolean isRestricted() {
        return !roots.isAny();
    }

    /**
     * Encrypts with the keys of {@code store} instead of the environment's ({@code STRATA_KEYS_DIR}, else {@code
     * $STRATA_HOME/keys}).
     */
    public PipelineRunner withKeys(KeyStore store) {
        this.keys = store;
        return this;
    }

    /** Records where the run comes from (its parameters, logical time, the run it resumes) in its record. */
    public PipelineRunner withOrigin(RunOrigin runOrigin) {
        this.origin = runOrigin;
        return this;
    }

    /**
     * Loads input again as {@code request} says: a full refresh rebuilds each selected table from all its input, a
     * backfill re-reads the source files modified in a window; null for an ordinary run.
     */
    public PipelineRunner withReprocessing(Reprocessing request) {
        this.reprocessing = request;
        return this;
    }

    /**
     * Builds up to {@code datasets} datasets at once, each as soon as its inputs are built; null for the pipeline's
     * {@code max_parallel}, else the machine's cores. 1 builds them one after another in plan order.
     */
    public PipelineRunner withMaxParallel(Integer datasets) {
        this.maxParallel = DatasetScheduler.checkParallel(datasets);
        return this;
    }

    /** Records each built dataset's table facts and quarantine samples in {@code store}; null for nowhere. */
    public PipelineRunner recordingTables(RunStore store) {
        this.tables = store;
        return this;
    }

    /** Sends OpenLineage events as {@code settings} say, instead of as the environment's settings do. */
    public PipelineRunner withLineage(LineageSettings settings) {
        this.lineage = settings;
        return this;
    }

    private KeyStore keys() {
        return keys != null ? keys : KeyStore.fromEnvironment(System.getenv());
    }

    /** A new run id: UTC time and a random suffix, e.g. {@code 20261126-101500-3f9a1c}. */
    public static String newRunId() {
        return RunIds.next();
    }

    /** Refuses a run id that cannot name a file on every store. */
    public static String checkRunId(String runId) {
        return RunIds.check(runId);
    }

    /**
     * Plans the selected datasets and refuses, before any Spark work, keys this version cannot execute yet.
     *
     * @param selector dbt-like selection ({@code silver.orders+}), or null for all
     */
    public static PipelinePlan plan(Pipeline pipeline, String selector) {
        return plan(pipeline, selector, false);
    }

    /**
     * Refuses, before Spark starts, selected datasets whose {@code encrypt:} key is missing or disabled in the
     * environment's key store; every problem is located.
     */
    public static void checkKeys(Pipeline pipeline, PipelinePlan plan) {
        new Encryptions(pipeline, KeyStore.fromEnvironment(System.getenv()))
                .check(plan.datasets().stream().map(d -> d.name().toString()).toList());
    }

    /**
     * Plans the selected datasets as {@link #plan(Pipeline, String)} does, and refuses, before any Spark work, SQL
     * that is not a single query, and, for a server run ({@code restricted}), SQL a server run may not run.
     */
    public static PipelinePlan plan(Pipeline pipeline, String selector, boolean restricted) {
        return runPlan(pipeline, selector, restricted).selected();
    }

    /** Plans a run as {@link #plan(Pipeline, String, boolean)} does, keeping the whole pipeline's plan too. */
    public static RunPlan runPlan(Pipeline pipeline, String selector, boolean restricted) {
        return RunPlan.of(pipeline, selector, restricted);
    }

    /**
     * Runs the selected datasets.
     *
     * @param selector dbt-like selection ({@code silver.orders+}), or null for all
     */
    public RunResult run(String runId, String selector, double sparkStartSeconds) {
        return run(runPlan(pipeline, selector, isRestricted()), runId, sparkStartSeconds);
    }

    /** Runs the selected datasets of a plan made by {@link #runPlan} for a run like this one. */
    public RunResult run(RunPlan runPlan, String runId, double sparkStartSeconds) {
        checkRunId(runId);
        if (runPlan.restricted() != isRestricted()) {
            throw new IllegalArgumentException("the plan was not checked for a " + (isRestricted() ? "server" : "local")
                    + " run: make it with runPlan(pipeline, selector, " + isRestricted() + ")");
        }
        ReprocessingCheck.check(pipeline, runPlan, reprocessing);
        Instant started = Instant.now();
        PipelinePlan fullPlan = runPlan.all();
        PipelinePlan plan = runPlan.selected();
        Encryptions encryptions = new Encryptions(pipeline, keys());
        encryptions.check(plan.datasets().stream().map(d -> d.name().toString()).toList());
        if (pipeline.spec().schedule() != null || !pipeline.spec().triggers().isEmpty()) {
            listener.notice("schedule and triggers are used by `strata serve`; `strata run` runs the pipeline once");
        }

        String root = pipeline.spec().storage().root();
        Ledger ledger = ledgers.open(root, spark.sparkContext().hadoopConfiguration());
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        Map<DatasetName, DatasetPlan> plans = new LinkedHashMap<>();
        fullPlan.datasets().forEach(d -> plans.put(d.name(), d));

        Observations observations = new Observations(runId);
        RunLineage lineage = RunLineage.start(
                this.lineage != null ? this.lineage : LineageSettings.from(System.getenv()),
                new RunLineage.Context(spark, pipeline, fullPlan, plan, runId, origin.logicalTime(), locations::table));
        int parallel = DatasetScheduler.parallel(maxParallel, pipeline.spec().maxParallel());
        RunListener heard = parallel > 1 ? new SerialListener(listener) : listener;
        DatasetBuilder builder = new DatasetBuilder(
                session -> DatasetBuilder.Steps.of(
                        new DatasetBuilder.RunScope(session, pipeline, roots, ledger, history, lineage),
                        locations,
                        plans,
                        encryptions,
                        observations),
                spark,
                new BatchRun(runId, started),
                heard,
                reprocessing);
        lastRun = observations;
        TaskProgressListener progress = new TaskProgressListener(heard, runId);
        lastJobs = progress;
        spark.sparkContext().addSparkListener(progress);
        if (fullPlan.datasets().stream().anyMatch(d -> d.format() == TableFormat.ICEBERG)) {
            // Each dataset built at once has a clone of this session: one's SQL must know the catalog another writes.
            IcebergCatalogs.register(spark, pipeline.spec().storage());
        }
        DatasetRuns.Run scope = new DatasetRuns.Run(spark, pipeline, runId, isRestricted(), ledger, locations, tables);
        List<DatasetResult> results;
        try {
            results = new DatasetScheduler(spark, runId, parallel)
                    .run(
                            plan.datasets(),
                            new DatasetRuns(
                                    scope,
                                    builder,
                                    heard,
                                    progress,
                                    lineage,
                                    plan.datasets().size()));
        } finally {
            spark.sparkContext().removeSparkListener(progress);
        }
        RunResult run = new RunResult(
                        runId,
                        pipeline.spec().name(),
                        RunResult.overall(results),
                        started,
                        Instant.now(),
                        sparkStartSeconds,
                        results)
                .withOrigin(origin)
                .withReprocessing(reprocessing == null ? null : reprocessing.withResets(builder.resets()));
        ledger.recordRun(run);
        lineage.runFinished(run);
        lineage.close(listener::notice);
        return run;
    }

    /**
     * How often, in this runner's last run, Spark did not report an observation and a batch was measured again: a pass
     * the write should have saved.
     */
    long observationFallbacks() {
        return lastRun == null ? 0 : lastRun.fallbacks();
    }

    /** The Spark jobs each dataset of this runner's last run started, by dataset name. */
    public Map<String, Long> sparkJobs() {
        return lastJobs == null ? Map.of() : lastJobs.jobs(spark.sparkContext());
    }
}
