package dev.strata.cli;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RunEstimate;
import dev.strata.core.run.RunOrigin;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.isolation.RestrictedSession;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.ReprocessingCheck;
import dev.strata.engine.run.RunHistory;
import dev.strata.engine.run.RunPlan;
import dev.strata.store.MetadataRunStoreProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strata run FILE}: the pipeline on Spark, with progress and a summary; exit 0 ok, 1 failed, 2 invalid. With
 * {@code --restricted}, as the server starts a run: see docs/security.md, "Server-run isolation".
 */
@Command(name = "run", description = "Run the pipeline on Spark (local[*] by default) and print a summary.")
final class RunCommand implements Callable<Integer>, WarmEngine.Servable {
    /** Run records read for the progress display's estimate: enough to hold a few builds of each dataset. */
    private static final int PAST_RUNS = 30;

    @Mixin
    PipelineFile pipelineFile;

    @Mixin
    SparkOptions spark;

    @Mixin
    DaemonOption daemon;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id; re-using one changes no table.")
    String runId;

    @Option(
            names = "--only",
            paramLabel = "SELECTOR",
            description = "dbt-like selection: silver.orders+, +gold.x, silver.*, tag:pii")
    String only;

    @Option(
            names = "--resume",
            paramLabel = "RUN_ID",
            description = "Build again only the datasets run RUN_ID did not finish (failed, or not built because"
                    + " upstream failed), with its parameters and logical time; what it committed is not touched.")
    String resume;

    @Option(
            names = "--logical-time",
            paramLabel = "INSTANT",
            converter = LogicalTimeConverter.class,
            description = "The time the run is for, as an ISO-8601 instant (2026-01-31T08:00:00Z): the pipeline"
                    + " file's $${run.logical_time} and $${run.logical_date}; the run's start when absent. The server"
                    + " gives a scheduled run its fire time.")
    Instant logicalTime;

    @Option(
            names = "--full-refresh",
            description = "Rebuild the selected tables (and their quarantine) from all their input, each in one atomic"
                    + " overwrite whatever its write mode, and reset their ledger entries; see docs/tables.md.")
    boolean fullRefresh;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            converter = LogicalTimeConverter.class,
            description = "With --to: backfill, reading again the source files modified, and the Kafka records stamped,"
                    + " in [--from, --to), ingested or not (ISO-8601 instants); see docs/tables.md.")
    Instant backfillFrom;

    @Option(
            names = "--to",
            paramLabel = "INSTANT",
            converter = LogicalTimeConverter.class,
            description = "The end (exclusive) of the backfill window --from starts.")
    Instant backfillTo;

    @Option(
            names = "--max-parallel",
            paramLabel = "N",
            description = "Build up to N datasets at once (1: one at a time, in plan order); wins over max_parallel.")
    Integer maxParallel;

    @Option(names = "--summary-json", paramLabel = "PATH", description = "Write the run's outcome as JSON here.")
    Path summaryJson;

    @Mixin
    BaseDirOption baseDir;

    @Option(
            names = "--no-progress",
            description = "Only each dataset's result line and the summary: no progress display on a terminal, and"
                    + " no line per phase elsewhere.")
    boolean noProgress;

    @Option(
            names = "--wait",
            description = "When another run of the pipeline is running, wait for it to end (as long as it takes;"
                    + " Ctrl-C stops waiting), then run; without it the run exits 2 naming that run.")
    boolean waitForLock;

    @Option(
            names = "--restricted",
            description = "Run as the server runs a pipeline: ${NAME} resolves only declared parameters and the"
                    + " variables STRATA_RUN_ENV lists, locations must lie under --allowed-root, SQL may not read"
                    + " files by path or call Java, and Spark's messages go to engine.log beside --summary-json.")
    boolean restricted;

    @Option(
            names = "--allowed-root",
            paramLabel = "LOCATION",
            description = "With --restricted: a folder or URI the run may read and write under (repeatable).")
    List<String> allowedRoots = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public PipelineFile pipelineFile() {
        return pipelineFile;
    }

    @Override
    public SparkOptions spark() {
        return spark;
    }

    @Override
    public boolean inProcess() {
        return daemon.noDaemon || restricted;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!restricted) {
            if (!allowedRoots.isEmpty()) {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC, "Cannot use --allowed-root without --restricted (add --restricted)");
            }
            return run(
                    time -> baseDir.directory == null
                            ? pipelineFile.load(time)
                            : pipelineFile.loadAsIfIn(baseDir.directory, time),
                    null,
                    out);
        }
        if (allowedRoots.isEmpty() || summaryJson == null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot run restricted: "
                            + (allowedRoots.isEmpty() ? "no --allowed-root is given" : "no --summary-json is given")
                            + " (a restricted run needs at least one --allowed-root, and --summary-json, in whose"
                            + " folder it writes engine.log)");
        }
        AllowedRoots roots = AllowedRoots.of(allowedRoots);
        // The console writers exist before the JVM's output is redirected, so they keep writing to the console.
        spec.commandLine().getErr();
        EngineLog.open(summaryJson.toAbsolutePath().getParent());
        try {
            return run(time -> pipelineFile.loadRestricted(baseDir.directory, roots, time), roots, out);
        } catch (RuntimeException | Error e) {
            e.printStackTrace(System.err); // the engine log: the console gets one line without details
            throw e;
        }
    }

    /**
     * Runs the pipeline {@code load} loads for a logical time (again, with the original run's parameters and logical
     * time, for a resume); {@code roots} is null for an unrestricted run.
     */
    private int run(Function<Instant, Pipeline> load, AllowedRoots roots, PrintWriter out) {
        if (resume != null && (only != null || logicalTime != null)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use " + (only != null ? "--only" : "--logical-time") + " with --resume: a resume builds"
                            + " the datasets the run did not finish, for the run's own logical time");
        }
        Reprocessing reprocessing = reprocessing();
        Pipeline pipeline = load.apply(logicalTime);
        String id = PipelineRunner.checkRunId(runId == null ? PipelineRunner.newRunId() : runId);
        RunPlan plan = resume == null ? PipelineRunner.runPlan(pipeline, only, roots != null) : null;
        if (plan != null) {
            PipelineRunner.checkKeys(pipeline, plan.selected());
            ReprocessingCheck.check(pipeline, plan, reprocessing);
        }
        // Refuses a master that contradicts spark-submit's before anything is locked.
        String master = spark.master(pipeline.spark());
        PipelineLock.Outcome locking = PipelineLock.acquire(
                pipeline.spec().name(),
                pipeline.spec().storage().root(),
                RunHolder.self(id),
                System.getenv(),
                waitForLock,
                waiting -> {
                    out.println(waiting);
                    out.flush();
                });
        if (locking instanceof PipelineLock.Held held) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("strata: " + PipelineLock.heldMessage(pipeline.spec().name(), held));
            err.flush();
            return 2; // as for any run that cannot start as asked: nothing was run
        }
        RunResult result;
        try (PipelineLock lock = ((PipelineLock.Acquired) locking).lock()) {
            out.printf(
                    java.util.Locale.ROOT,
                    "Running %s (run %s%s%s%s) on %s%n",
                    pipeline.spec().name(),
                    id,
                    pipeline.target() == null ? "" : ", target " + pipeline.target(),
                    resume == null ? "" : ", resuming run " + resume,
                    reprocessing == null ? "" : ", " + reprocessing.describe(),
                    master);
            out.flush();
            result = build(pipeline, load, id, plan, roots, reprocessing, out);
        }
        out.print(SummaryTable.render(result, pipeline.spec().storage().root()));
        out.flush();
        if (summaryJson != null) {
            writeJson(result);
        }
        return result.status() == RunStatus.SUCCEEDED ? 0 : 1;
    }

    /**
     * The full refresh or backfill the options ask for, or null; refuses a combination with another way to choose the
     * input.
     */
    private Reprocessing reprocessing() {
        if (backfillFrom == null && backfillTo == null) {
            if (fullRefresh && resume != null) {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC,
                        "Cannot use --full-refresh with --resume: a resume builds what run " + resume + " did not"
                                + " finish, as it ran (run --full-refresh again, with --run-id " + resume
                                + " to finish that refresh)");
            }
            return fullRefresh ? Reprocessing.fullRefresh() : null;
        }
        if (fullRefresh || resume != null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use --from/--to with " + (fullRefresh ? "--full-refresh" : "--resume") + ": a backfill"
                            + " re-reads a window of source files, "
                            + (fullRefresh ? "a full refresh all of them" : "a resume what a run did not finish")
                            + " (choose one)");
        }
        if (backfillFrom == null || backfillTo == null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot backfill: " + (backfillFrom == null ? "--to" : "--from") + " is given without "
                            + (backfillFrom == null ? "--from" : "--to")
                            + " (give both, e.g. --from 2026-11-01T00:00:00Z --to 2026-11-02T00:00:00Z)");
        }
        if (!backfillFrom.isBefore(backfillTo)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot backfill from " + backfillFrom + " to " + backfillTo + ": the window is empty (--to must"
                            + " come after --from)");
        }
        return Reprocessing.backfill(backfillFrom, backfillTo);
    }

    /** Builds the plan (the datasets run {@code resume} did not finish, for a resume) while holding the lock. */
    private RunResult build(
            Pipeline pipeline,
            Function<Instant, Pipeline> load,
            String id,
            RunPlan plan,
            AllowedRoots roots,
            Reprocessing reprocessing,
            PrintWriter out) {
        try (RunHistory history = RunHistory.open(new MetadataRunStoreProvider(), System.getenv(), warning -> {
                    out.println("warn  " + warning);
                    out.flush();
                });
                RunInterruption interruption = RunInterruption.watch(out, id, history)) {
            long sparkStart = System.nanoTime();
            SparkSession session = spark.start("strata " + pipeline.spec().name(), pipeline);
            if (roots != null) {
                RestrictedSession.apply(session);
            }
            double sparkSeconds = (System.nanoTime() - sparkStart) / 1e9;
            try (ConsoleProgress progress = ConsoleProgress.onConsole(out, progressDisplay())) {
                Ledger ledger = history.ledgers()
                        .open(
                                pipeline.spec().storage().root(),
                                session.sparkContext().hadoopConfiguration());
                interruption.ledger(ledger);
                RunOrigin origin = new RunOrigin(pipelineFile.params, logicalTime, null, pipeline.target());
                if (resume != null) {
                    RunResult original = ResumedRun.original(
                            history.ledgers()
                                    .open(
                                            pipeline.spec().storage().root(),
                                            session.sparkContext().hadoopConfiguration()),
                            resume,
                            pipeline);
                    // A record without a logical time (older, or from spark-submit) stood for its start.
                    Instant originalTime =
                            original.logicalTime() != null ? original.logicalTime() : original.startedAt();
                    if (!original.parameters().isEmpty()
                            && !original.parameters().equals(pipelineFile.params)) {
                        out.println("note: with the parameters of run " + resume + ": " + original.parameters());
                        pipelineFile.params = new LinkedHashMap<>(original.parameters());
                    }
                    pipeline = load.apply(originalTime);
                    String selector = ResumedRun.selector(original, pipeline);
                    out.println("note: resuming " + selector);
                    out.flush();
                    plan = PipelineRunner.runPlan(pipeline, selector, roots != null);
                    PipelineRunner.checkKeys(pipeline, plan.selected());
                    origin = new RunOrigin(original.parameters(), originalTime, resume, pipeline.target());
                }
                if (reprocessing != null) {
                    history.audit(
                            Config.read(LauncherConfig.USER_NAME, System.getenv()),
                            reprocessing.kind() == Reprocessing.Kind.FULL_REFRESH ? "run.full_refresh" : "run.backfill",
                            "pipeline " + pipeline.spec().name() + " run " + id
                                    + (only == null ? "" : " --only " + only) + ": " + reprocessing.describe());
                }
                progress.expect(estimate(plan, ledger));
                PipelineRunner runner = new PipelineRunner(
                                session,
                                pipeline,
                                history.reportingProgress(id, interruption.listening(progress)),
                                history,
                                history.ledgers())
                        .withOrigin(origin)
                        .withReprocessing(reprocessing)
                        .withMaxParallel(maxParallel)
                        .recordingTables(history.tables());
                return (roots == null ? runner : runner.restricted(roots)).run(plan, id, sparkSeconds);
            } finally {
                spark.release(session);
            }
        }
    }

    private ConsoleProgress.Display progressDisplay() {
        if (noProgress) {
            return ConsoleProgress.Display.RESULTS;
        }
        return WarmEngine.onTerminal() ? ConsoleProgress.Display.LIVE : ConsoleProgress.Display.LINES;
    }

    /** The time each planned dataset took in the last runs; none when their records cannot be read. */
    private static RunEstimate estimate(RunPlan plan, Ledger ledger) {
        List<String> datasets = plan.selected().datasets().stream()
                .map(d -> d.name().toString())
                .toList();
        try {
            return RunEstimate.of(datasets, ledger.recentRuns(PAST_RUNS));
        } catch (RuntimeException e) {
            return RunEstimate.none(datasets); // the estimate is a nicety; the run goes on without it
        }
    }

    private void writeJson(RunResult result) {
        try {
            Path parent = summaryJson.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Ledger.json().writeValue(summaryJson.toFile(), result);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the summary to " + summaryJson, e);
        }
    }
}
