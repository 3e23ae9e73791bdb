package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.isolation.RestrictedSession;
import dev.strata.engine.run.PipelineRunner;
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
import java.util.List;
import java.util.concurrent.Callable;
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
final class RunCommand implements Callable<Integer> {
    @Mixin
    PipelineFile pipelineFile;

    @Mixin
    SparkOptions spark;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id; re-using one changes no table.")
    String runId;

    @Option(names = "--only", paramLabel = "SELECTOR", description = "dbt-like selection: silver.orders+, +gold.x")
    String only;

    @Option(
            names = "--logical-time",
            paramLabel = "INSTANT",
            converter = LogicalTimeConverter.class,
            description = "The time the run is for, as an ISO-8601 instant (2026-01-31T08:00:00Z): the pipeline"
                    + " file's $${run.logical_time} and $${run.logical_date}; the run's start when absent. The server"
                    + " gives a scheduled run its fire time.")
    Instant logicalTime;

    @Option(names = "--summary-json", paramLabel = "PATH", description = "Write the run's outcome as JSON here.")
    Path summaryJson;

    @Mixin
    BaseDirOption baseDir;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

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
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!restricted) {
            if (!allowedRoots.isEmpty()) {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC, "Cannot use --allowed-root without --restricted (add --restricted)");
            }
            Pipeline pipeline = baseDir.directory == null
                    ? pipelineFile.load(logicalTime)
                    : pipelineFile.loadAsIfIn(baseDir.directory, logicalTime);
            return run(pipeline, null, out);
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
            Pipeline pipeline = pipelineFile.loadRestricted(baseDir.directory, roots, logicalTime);
            return run(pipeline, roots, out);
        } catch (RuntimeException | Error e) {
            e.printStackTrace(System.err); // the engine log: the console gets one line without details
            throw e;
        }
    }

    /** Runs the pipeline; {@code roots} is null for an unrestricted run. */
    private int run(Pipeline pipeline, AllowedRoots roots, PrintWriter out) {
        String id = PipelineRunner.checkRunId(runId == null ? PipelineRunner.newRunId() : runId);
        RunPlan plan = PipelineRunner.runPlan(pipeline, only, roots != null);
        PipelineRunner.checkKeys(pipeline, plan.selected());
        out.printf(
                java.util.Locale.ROOT,
                "Running %s (run %s) on %s%n",
                pipeline.spec().name(),
                id,
                spark.master());
        out.flush();
        RunResult result;
        try (RunHistory history = RunHistory.open(new MetadataRunStoreProvider(), System.getenv(), warning -> {
            out.println("warn  " + warning);
            out.flush();
        })) {
            long sparkStart = System.nanoTime();
            SparkSession session = spark.start("strata " + pipeline.spec().name());
            if (roots != null) {
                RestrictedSession.apply(session);
            }
            double sparkSeconds = (System.nanoTime() - sparkStart) / 1e9;
            try (ConsoleProgress progress = new ConsoleProgress(out, !noProgress && System.console() != null)) {
                PipelineRunner runner = new PipelineRunner(
                        session, pipeline, history.reportingProgress(id, progress), history, history.ledgers());
                result = (roots == null ? runner : runner.restricted(roots)).run(plan, id, sparkSeconds);
            } finally {
                session.stop();
            }
        }
        out.print(SummaryTable.render(result, pipeline.spec().storage().root()));
        out.flush();
        if (summaryJson != null) {
            writeJson(result);
        }
        return result.status() == RunStatus.SUCCEEDED ? 0 : 1;
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
