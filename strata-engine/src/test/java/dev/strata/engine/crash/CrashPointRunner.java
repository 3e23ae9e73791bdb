package dev.strata.engine.crash;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.session.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.sql.SparkSession;

/**
 * A pipeline run in its own JVM that stops at a chosen point and waits there to be killed with {@code kill -9}: it
 * writes the marker file, then sleeps. Points: {@code write} pauses in the middle of the dataset's write, when a task
 * has written output and the commit has not happened; {@code finished} pauses after the dataset committed, before the
 * next dataset starts.
 *
 * <p>Arguments: pipeline file, run id, dataset, point, marker file.
 */
public final class CrashPointRunner {
    /** True while the dataset to crash in is being built (executors share the JVM under local[1]). */
    static final AtomicBoolean IN_TARGET = new AtomicBoolean();
    /** The marker to write when pausing in a write, or null. */
    static final AtomicReference<Path> MARKER = new AtomicReference<>();
    /** The target dataset's table folder, and how many data files it held when the dataset started. */
    static final AtomicReference<Path> TABLE = new AtomicReference<>();

    static final java.util.concurrent.atomic.AtomicLong BASELINE = new java.util.concurrent.atomic.AtomicLong();

    private CrashPointRunner() {}

    /**
     * Pauses the executor's task thread after a task of the target dataset wrote a data file into its table and before
     * the task's result reaches the driver: the job cannot finish, so the commit cannot happen, while data files are
     * already in the table's folder. Under local[1] the executor runs in this JVM and sees the driver's state.
     */
    public static final class PauseInWrite implements SparkPlugin {
        @Override
        public DriverPlugin driverPlugin() {
            return null;
        }

        @Override
        public ExecutorPlugin executorPlugin() {
            return new ExecutorPlugin() {
                @Override
                public void onTaskSucceeded() {
                    Path marker = MARKER.get();
                    if (marker != null && IN_TARGET.get() && dataFiles(TABLE.get()) > BASELINE.get()) {
                        pause(marker);
                    }
                }
            };
        }
    }

    /** Parquet files under a table's folder, outside its log and metadata folders ({@code _…}, {@code .…}). */
    static long dataFiles(Path table) {
        if (!Files.isDirectory(table)) {
            return 0;
        }
        try (var files = Files.walk(table)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .filter(f -> {
                        for (Path part : table.relativize(f)) {
                            if (part.toString().startsWith("_")
                                    || part.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        Pipeline pipeline = PipelineLoader.load(Path.of(args[0]));
        String runId = args[1];
        String dataset = args[2];
        String point = args[3];
        Path marker = Path.of(args[4]);
        MARKER.set(point.equals("write") ? marker : null);
        TABLE.set(Path.of(new TableLocations(pipeline.spec().storage()).location(DatasetName.parse(dataset))));
        SparkSession spark = SparkSessions.create(new SparkSessions.Settings(
                "local[1]",
                "crash-point",
                Files.createTempDirectory("strata-crash"),
                java.util.Map.of("spark.plugins", PauseInWrite.class.getName())));
        RunListener listener = new RunListener() {
            @Override
            public void datasetStarted(String name, int index, int total) {
                if (name.equals(dataset)) {
                    BASELINE.set(dataFiles(TABLE.get()));
                }
                IN_TARGET.set(name.equals(dataset));
            }

            @Override
            public void datasetFinished(DatasetResult result) {
                if (point.equals("finished") && result.dataset().equals(dataset)) {
                    pause(marker);
                }
            }
        };
        new PipelineRunner(spark, pipeline, listener).run(runId, null, 0);
        // Reaching the end means the point was never hit; the test sees no marker and says so.
        System.exit(3);
    }

    private static void pause(Path marker) {
        try {
            Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
