package dev.strata.engine;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.RunStoreProvider;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.secret.RedactingOutputStream;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunHistory;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.run.RunPlan;
import dev.strata.engine.session.SparkSessions;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/**
 * The engine's entry point under {@code spark-submit}, where the master and resources come from the submit command:
 * {@code spark-submit --class dev.strata.engine.RunnerMain strata-engine.jar pipeline.yaml [--run-id ID] [--only SEL]}.
 * Prints the run's outcome as JSON; exits 0 on success, 1 when a dataset failed, 2 on an invalid file. Metrics and the
 * ledger go to the metadata store when strata-store's jar is on the class path ({@link RunStoreProvider#onClassPath}).
 */
public final class RunnerMain {
    private RunnerMain() {}

    public static void main(String[] args) {
        // Secret values a pipeline resolves are masked in all the process prints, libraries and the JVM included.
        RedactingOutputStream.installOnStandardStreams();
        if (args.length == 0) {
            System.err.println("usage: RunnerMain <pipeline.yaml> [--run-id ID] [--only SELECTOR]");
            System.exit(2);
        }
        try {
            Pipeline pipeline = PipelineLoader.load(Path.of(args[0]));
            String runId = option(args, "--run-id");
            String only = option(args, "--only");
            RunPlan plan = PipelineRunner.runPlan(pipeline, only, false);
            PipelineRunner.checkKeys(pipeline, plan.selected());
            RunResult result;
            // The metadata store is not a dependency of the engine: its jar on the class path provides it.
            try (RunHistory history = RunHistory.open(
                    RunStoreProvider.onClassPath(),
                    System.getenv(),
                    warning -> System.err.println("strata: " + warning))) {
                SparkSession spark =
                        SparkSessions.createForSubmit(LauncherConfig.sparkScratch(Config.of(System.getenv())));
                result = new PipelineRunner(spark, pipeline, RunListener.NONE, history, history.ledgers())
                        .recordingTables(history.tables())
                        .run(plan, runId == null ? PipelineRunner.newRunId() : PipelineRunner.checkRunId(runId), 0);
            }
            System.out.println(Ledger.json().writeValueAsString(result));
            System.exit(result.status() == RunStatus.SUCCEEDED ? 0 : 1);
        } catch (PipelineValidationException e) {
            e.problems().stream().map(Problem::toString).forEach(System.err::println);
            System.exit(2);
        } catch (StrataException e) {
            System.err.println("strata: " + e.getMessage());
            System.exit(e.code().exitCode());
        } catch (Exception e) {
            // Exception: Spark throws its checked AnalysisException from Scala code.
            System.err.println("strata: unexpected error: " + Messages.firstLine(e));
            System.exit(1);
        }
    }

    private static String option(String[] args, String name) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : null;
    }
}
