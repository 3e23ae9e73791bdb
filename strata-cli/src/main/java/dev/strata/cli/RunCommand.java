package dev.strata.cli;

import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.ledger.Ledger;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata run FILE}: the pipeline on Spark, with progress and a summary; exit 0 ok, 1 failed, 2 invalid. */
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

    @Option(names = "--summary-json", paramLabel = "PATH", description = "Write the run's outcome as JSON here.")
    Path summaryJson;

    @Option(
            names = "--base-dir",
            paramLabel = "DIR",
            description = "Resolve the pipeline's relative paths against DIR instead of the file's folder.")
    Path baseDirectory;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = baseDirectory == null ? pipelineFile.load() : pipelineFile.loadAsIfIn(baseDirectory);
        String id = PipelineRunner.checkRunId(runId == null ? PipelineRunner.newRunId() : runId);
        PipelineRunner.checkKeys(pipeline, PipelineRunner.plan(pipeline, only));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                java.util.Locale.ROOT,
                "Running %s (run %s) on %s%n",
                pipeline.spec().name(),
                id,
                spark.master());
        out.flush();
        RunResult result;
        try (RunHistory history = RunHistory.open(System.getenv(), warning -> {
            out.println("warn  " + warning);
            out.flush();
        })) {
            long sparkStart = System.nanoTime();
            SparkSession session = spark.start("strata " + pipeline.spec().name());
            double sparkSeconds = (System.nanoTime() - sparkStart) / 1e9;
            try (ConsoleProgress progress = new ConsoleProgress(out, !noProgress && System.console() != null)) {
                result = new PipelineRunner(
                                session, pipeline, history.reportingProgress(id, progress), history, history.ledgers())
                        .run(id, only, sparkSeconds);
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
