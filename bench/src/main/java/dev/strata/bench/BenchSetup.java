package dev.strata.bench;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.session.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * What every benchmark sets up and tidies: its one SparkSession, its pipeline runs, the machine's load, and deleting
 * its folders.
 */
final class BenchSetup {
    private BenchSetup() {}

    /** The benchmark's SparkSession: {@code -Dstrata.bench.master}, else {@code local[*]}; scratch under {@code work}. */
    static SparkSession spark(Path work) {
        return SparkSessions.create(new SparkSessions.Settings(
                Config.read(LauncherConfig.BENCH_MASTER, Map.of()), "strata-bench", work.resolve("spark"), Map.of()));
    }

    /** Parses a benchmark's pipeline file, with {@code variables} for its {@code ${NAME}}s. */
    static Pipeline pipeline(Path file, Map<String, String> variables) {
        try {
            return PipelineLoader.parse(Files.readString(file, StandardCharsets.UTF_8), file, variables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seconds of one Strata run of {@code pipeline}; a run that does not succeed stops the benchmark. */
    static double strataRun(SparkSession spark, Pipeline pipeline) {
        return strataRun(new PipelineRunner(spark, pipeline, RunListener.NONE));
    }

    /** The seconds of one run of {@code runner}; a run that does not succeed stops the benchmark. */
    static double strataRun(PipelineRunner runner) {
        long start = System.nanoTime();
        RunResult result = runner.run(PipelineRunner.newRunId(), null, 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("The Strata run failed: " + result);
        }
        return seconds;
    }

    /** The load average over 1, 5 and 15 minutes, as {@code 0.78 1.28 0.76}; {@code unknown} off Linux. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .trim()
                    .split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Deletes {@code folder} and everything in it; nothing when it does not exist. */
    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
