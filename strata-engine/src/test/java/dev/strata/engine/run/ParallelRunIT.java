package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DAG scheduler: independent branches are built at once, a failed branch stops only its own downstream, and one at
 * a time keeps plan order. Overlap is proven without timing: each bronze dataset's transform waits, inside a Spark
 * task, until the other's has reached the same point, which only happens when both are being built at once.
 */
class ParallelRunIT {
    /** Two datasets' tasks meet here; a run that builds them one after another breaks it after its wait. */
    private static final CyclicBarrier MEETING = new CyclicBarrier(2);

    private static final Map<String, Boolean> MET = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    private static SparkSession spark;

    @BeforeAll
    static void registerMeeting() {
        spark = SharedSpark.session();
        // In the session's function registry, which the clone each dataset builds in copies.
        spark.udf()
                .register(
                        "meet",
                        (UDF1<String, Boolean>) who -> {
                            if (MET.putIfAbsent(who, true) == null) {
                                MEETING.await(60, TimeUnit.SECONDS);
                            }
                            return true;
                        },
                        DataTypes.BooleanType);
    }

    /** Two branches, a and b: bronze from a CSV source (calling meet when {@code meet}), silver from bronze. */
    private Pipeline pipeline(String top, boolean meet, String bronzeARule) throws IOException {
        for (String branch : List.of("a", "b")) {
            Path folder = Files.createDirectories(dir.resolve("in_" + branch));
            Files.writeString(folder.resolve("rows.csv"), "id,name\n1,x\n2,y\n3,z\n", StandardCharsets.UTF_8);
        }
        StringBuilder yaml = new StringBuilder("name: branches\n" + top + "sources:\n");
        for (String branch : List.of("a", "b")) {
            yaml.append("  raw_")
                    .append(branch)
                    .append(": {format: csv, path: in_")
                    .append(branch)
                    .append("/, options: {header: \"true\"}, schema: \"id INT, name STRING\"}\n");
        }
        yaml.append("datasets:\n");
        for (String branch : List.of("a", "b")) {
            yaml.append("  bronze.")
                    .append(branch)
                    .append(":\n    from: raw_")
                    .append(branch)
                    .append('\n');
            if (meet) {
                yaml.append("    transform:\n      - derive: {met: \"meet('")
                        .append(branch)
                        .append("')\"}\n");
            }
            if (branch.equals("a") && bronzeARule != null) {
                yaml.append("    expect:\n      - ").append(bronzeARule).append('\n');
            }
            yaml.append("    write: {mode: append}\n");
        }
        for (String branch : List.of("a", "b")) {
            yaml.append("  silver.")
                    .append(branch)
                    .append(":\n    sql: \"SELECT id, upper(name) AS name FROM bronze.")
                    .append(branch)
                    .append("\"\n    write: {mode: overwrite}\n");
        }
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    /** Records each dataset's start and end, in the order the listener hears them. */
    private static final class Events implements RunListener {
        final List<String> events = new ArrayList<>();
        final List<String> threads = new ArrayList<>();

        @Override
        public synchronized void datasetStarted(String dataset, int index, int total) {
            events.add("start " + dataset + " " + index + "/" + total);
        }

        @Override
        public synchronized void phaseStarted(String dataset, DatasetPhase phase) {
            threads.add(dataset + " " + Thread.currentThread().getName());
        }

        @Override
        public synchronized void datasetFinished(DatasetResult result) {
            events.add("end " + result.dataset() + " " + result.status());
        }
    }

    private static List<String> statuses(RunResult run) {
        return run.datasets().stream().map(d -> d.dataset() + " " + d.status()).toList();
    }

    private static int startOf(List<String> heard, String dataset) {
        for (int i = 0; i < heard.size(); i++) {
            if (heard.get(i).startsWith("start " + dataset + " ")) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void independentBranchesAreBuiltAtOnce() throws Exception {
        MET.clear();
        MEETING.reset();
        Events events = new Events();
        PipelineRunner runner = new PipelineRunner(spark, pipeline("max_parallel: 2\n", true, null), events);

        RunResult run = runner.run("parallel-1", null, 0);

        assertThat(statuses(run))
                .as("results in plan order; both bronze datasets met inside their Spark tasks, so they overlapped")
                .containsExactly(
                        "bronze.a SUCCEEDED", "bronze.b SUCCEEDED", "silver.a SUCCEEDED", "silver.b SUCCEEDED");
        assertThat(run.datasets()).allSatisfy(d -> assertThat(d.rowsWritten()).isEqualTo(3));
        List<String> heard = events.events;
        assertThat(heard.subList(0, 2))
                .as("both bronze datasets started before either ended")
                .containsExactly("start bronze.a 1/4", "start bronze.b 2/4");
        assertThat(startOf(heard, "silver.a"))
                .as("silver.a starts after bronze.a ends: %s", heard)
                .isGreaterThan(heard.indexOf("end bronze.a SUCCEEDED"));
        assertThat(startOf(heard, "silver.b"))
                .as("silver.b starts after bronze.b ends: %s", heard)
                .isGreaterThan(heard.indexOf("end bronze.b SUCCEEDED"));
        assertThat(events.threads)
                .as("each dataset is built on a thread of the scheduler's pool")
                .allSatisfy(t -> assertThat(t).contains(" strata-dataset-"));
        assertThat(runner.sparkJobs().keySet())
                .as("every dataset's jobs carry its name")
                .containsExactlyInAnyOrder("bronze.a", "bronze.b", "silver.a", "silver.b");
    }

    @Test
    void aFailedBranchStopsItsDownstreamAndTheOtherBranchFinishes() throws Exception {
        Events events = new Events();
        Pipeline pipeline = pipeline("max_parallel: 2\n", false, "{rule: row_count, min: 100, on_fail: fail}");

        RunResult run = new PipelineRunner(spark, pipeline, events).run("parallel-2", null, 0);

        assertThat(statuses(run))
                .containsExactly(
                        "bronze.a FAILED", "bronze.b SUCCEEDED", "silver.a UPSTREAM_FAILED", "silver.b SUCCEEDED");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.datasets().get(2).message()).isEqualTo("not built: upstream bronze.a failed");
        assertThat(events.events).hasSize(8).contains("end silver.a UPSTREAM_FAILED", "end silver.b SUCCEEDED");
        assertThat(spark.read()
                        .format("delta")
                        .load(dir.resolve("lakehouse/silver/b").toString())
                        .count())
                .isEqualTo(3);
        assertThat(Files.exists(dir.resolve("lakehouse/silver/a"))).isFalse();
    }

    @Test
    void oneAtATimeKeepsPlanOrder() throws Exception {
        Events events = new Events();
        PipelineRunner runner =
                new PipelineRunner(spark, pipeline("max_parallel: 4\n", false, null), events).withMaxParallel(1);

        RunResult run = runner.run("parallel-3", null, 0);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events.events)
                .containsExactly(
                        "start bronze.a 1/4",
                        "end bronze.a SUCCEEDED",
                        "start bronze.b 2/4",
                        "end bronze.b SUCCEEDED",
                        "start silver.a 3/4",
                        "end silver.a SUCCEEDED",
                        "start silver.b 4/4",
                        "end silver.b SUCCEEDED");
        assertThat(events.threads)
                .as("--max-parallel 1 overrides the pipeline's max_parallel: all on the calling thread")
                .allSatisfy(t -> assertThat(t).doesNotContain("strata-dataset-"));
        assertThat(Arrays.asList(
                        run.datasets().get(0).rowsIn(), run.datasets().get(3).rowsWritten()))
                .containsExactly(3L, 3L);
    }
}
