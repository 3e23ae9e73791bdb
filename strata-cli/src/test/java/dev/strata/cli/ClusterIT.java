package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retail example on a real Spark standalone cluster ({@link SparkCluster}: a Master and two Workers on 127.0.0.1)
 * through {@code bin/strata run --master spark://…}, in client mode: the driver is the CLI's JVM, the executors are
 * the Workers' and get the engine and its formats only from the driver ({@code spark.jars}). The example's tables are
 * spread over the three table formats, and one Worker, with its executor, is killed while the run is under way. Every
 * table, quarantine included, must still equal a {@code local[2]} run of the same pipeline row for row.
 */
class ClusterIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /**
     * The formats the test gives the example's datasets (bronze keeps the example's Delta, as do the quarantine
     * tables): Iceberg and Hudi each take one merge, and one overwrite that reads the other format.
     */
    private static final Map<String, String> FORMATS = Map.of(
            "silver.orders", "iceberg",
            "silver.customers", "hudi",
            "gold.daily_revenue", "hudi",
            "gold.revenue_by_tier", "iceberg");

    private static final List<String> TABLES = List.of(
            "bronze.orders",
            "bronze.orders__quarantine",
            "bronze.customers",
            "bronze.customers__quarantine",
            "silver.orders",
            "silver.orders__quarantine",
            "silver.customers",
            "silver.customers__quarantine",
            "gold.daily_revenue",
            "gold.revenue_by_tier");

    @TempDir
    static Path work;

    static SparkCluster cluster;
    /** The {@code local[2]} run to compare with, under way while the cluster starts and the cluster run goes on. */
    static RunningChild localRun;

    @BeforeAll
    static void startLocalRunAndCluster() throws Exception {
        // The local run shares nothing with the cluster or its run (a folder and a STRATA_HOME of its own), so it need
        // not wait for them, nor they for it.
        Path local = example("local");
        localRun = RunningChild.start(
                local,
                work.resolve("local-home"),
                "run",
                "pipeline.yaml",
                "--master",
                "local[2]",
                "--run-id",
                "same-run");
        cluster = SparkCluster.start(work.resolve("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (localRun != null) {
            localRun.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theRetailExampleInThreeFormatsOnTheClusterEqualsTheLocalRunThoughAWorkerDies() throws Exception {
        Path local = work.resolve("local");
        Path onCluster = example("cluster-run");

        RunningChild running = RunningChild.start(
                onCluster,
                work.resolve("home"),
                "run",
                "pipeline.yaml",
                "--master",
                cluster.masterUrl,
                "--run-id",
                "same-run");
        // Once bronze is written, silver and gold are still to come: the Worker dies with its executor mid-run.
        String beforeLoss = running.awaitOutput(written("bronze[.]\\w+"));
        Process lost = cluster.workers.get(1);
        assertThat(lost.toHandle()
                        .descendants()
                        .map(child -> child.info().commandLine().orElse("")))
                .as("the Worker runs one of the run's executors when it is killed")
                .anyMatch(command -> command.contains("CoarseGrainedExecutorBackend"));
        cluster.killWorker(1);
        cluster.awaitAliveWorkers(1);
        ChildRun clusterRun = running.finish();
        ChildRun localDone = localRun.finish();

        assertThat(localDone.exitCode()).as(localDone.output()).isZero();
        assertThat(clusterRun.exitCode()).as(clusterRun.output()).isZero();
        assertThat(beforeLoss)
                .as("the output when the Worker was killed")
                .doesNotContainPattern(written("(silver|gold)[.]\\w+"));
        assertThat(clusterRun.output().substring(beforeLoss.length()))
                .as("the run went on after the Worker was lost")
                .containsPattern("Lost executor \\d+ on 127[.]0[.]0[.]1")
                .containsPattern(written("silver[.]orders"))
                .containsPattern(written("silver[.]customers"))
                .containsPattern(written("gold[.]daily_revenue"))
                .containsPattern(written("gold[.]revenue_by_tier"))
                .contains("Run same-run SUCCEEDED");
        assertThat(clusterRun.output()).contains("on " + cluster.masterUrl);
        // The executors ran on the Workers, which have no engine or format jars of their own.
        assertThat(cluster.state().path("completedapps").get(0).path("name").asText())
                .isEqualTo("strata retail");
        Map<String, List<String>> expected = tables(local);
        Map<String, List<String>> actual = tables(onCluster);
        for (String table : TABLES) {
            assertThat(expected.get(table)).as(table).isNotEmpty();
            assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table));
        }
        System.out.printf(
                "ClusterIT: retail in Delta, Iceberg and Hudi on local[2] %.1fs (beside the cluster's start and run), on"
                        + " the cluster losing a Worker %.1fs%n",
                localDone.seconds(), clusterRun.seconds());
    }

    /** The line a run prints when a dataset whose name matches {@code dataset} has been written. */
    private static Pattern written(String dataset) {
        return Pattern.compile("(?m)^  " + dataset + " +SUCCEEDED ");
    }

    /** A copy of the example whose datasets are written in {@link #FORMATS}. */
    private static Path example(String name) throws IOException {
        Path dir = work.resolve(name);
        TestFiles.copyTree(EXAMPLE.resolve("data"), dir.resolve("data"));
        ObjectNode pipeline =
                (ObjectNode) YAML.readTree(EXAMPLE.resolve("pipeline.yaml").toFile());
        FORMATS.forEach((dataset, format) -> {
            JsonNode write = pipeline.path("datasets").path(dataset).path("write");
            assertThat(write.isObject()).as(dataset + " in the example").isTrue();
            ((ObjectNode) write).put("format", format);
        });
        YAML.writeValue(dir.resolve("pipeline.yaml").toFile(), pipeline);
        return dir;
    }

    /**
     * Every table's rows as sorted JSON lines, read with one {@code strata sql} in this JVM (a session per table would
     * cost more than the runs); the columns that name when or from which folder a row was written (ingestion and
     * quarantine times, the source file's path) are left out.
     */
    private static Map<String, List<String>> tables(Path dir) throws IOException {
        String query = TABLES.stream()
                .map(table -> "SELECT '" + table + "' AS source_table, to_json(struct(*)) AS json_row FROM " + table)
                .collect(Collectors.joining(" UNION ALL "));
        RunCommandIT.Outcome sql = RunCommandIT.strata(
                "sql",
                dir.resolve("pipeline.yaml").toString(),
                "--master",
                "local[2]",
                "--format",
                "json",
                "--limit",
                "100000",
                query);
        assertThat(sql.exitCode()).as(sql.err()).isZero();
        Map<String, List<String>> tables = new TreeMap<>();
        for (JsonNode result : JSON.readTree(sql.out())) {
            JsonNode row = JSON.readTree(result.path("json_row").asText());
            ObjectNode kept = ((ObjectNode) row).deepCopy();
            for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("_ingested_at") || name.equals("_quarantined_at") || name.startsWith("_hoodie_")) {
                    kept.remove(name);
                } else if (name.equals("_source_file")) {
                    kept.put(
                            name,
                            row.get(name)
                                    .asText()
                                    .replace(dir.toUri().toString(), "")
                                    .replace(dir.toString(), ""));
                }
            }
            tables.computeIfAbsent(result.path("source_table").asText(), table -> new ArrayList<>())
                    .add(JSON.writeValueAsString(kept));
        }
        tables.values().forEach(rows -> rows.sort(null));
        return tables;
    }

    /** What one {@code bin/strata} child JVM printed, returned and took. */
    record ChildRun(int exitCode, String output, double seconds) {}

    /**
     * A {@code bin/strata} child JVM under way, as a user runs it in {@code dir}, with the metadata store in {@code
     * home} and Spark's defaults sized for this tiny cluster; its output goes to a file.
     */
    static final class RunningChild {
        private final Process process;
        private final Path log;
        private final long start;

        private RunningChild(Process process, Path log, long start) {
            this.process = process;
            this.log = log;
            this.start = start;
        }

        static RunningChild start(Path dir, Path home, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    "bash", Path.of("..", "bin", "strata").toAbsolutePath().toString()));
            command.addAll(List.of(args));
            command.add("--no-progress");
            Path log = Files.createTempFile(work, "strata-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("STRATA_DRIVER_MEMORY", "1g");
            builder.environment().put("STRATA_HOME", home.toString());
            builder.environment().put("STRATA_JAVA_OPTS", ChildJvms.ENGINE_OPTIONS + " " + SMALL_CLUSTER);
            long start = System.nanoTime();
            return new RunningChild(builder.start(), log, start);
        }

        /** The output so far, once it matches {@code pattern}; an error if the child ends (or 10 minutes pass) first. */
        String awaitOutput(Pattern pattern) throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            while (true) {
                String output = output();
                if (pattern.matcher(output).find()) {
                    return output;
                }
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError(
                            "bin/strata ended (or took 10 minutes) without printing " + pattern + ":\n" + output);
                }
                Thread.sleep(100);
            }
        }

        /** Waits for the child to end (killing it after 10 minutes): what it printed, returned and took. */
        ChildRun finish() throws Exception {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ChildRun(process.waitFor(), output(), seconds);
        }

        /** Ends the child (and the JVM bash started) if it is still running, as when a test failed before waiting. */
        void stop() {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        private String output() throws IOException {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        }
    }

    /**
     * Spark's cluster defaults (200 shuffle partitions, 50 for Delta's log, 10,000 listing tasks for VACUUM) turn this
     * example's few hundred rows into thousands of tasks on two 1-core executors; a user sets the same {@code spark.*}
     * system properties through {@code STRATA_JAVA_OPTS} (docs/deploy.md).
     */
    static final String SMALL_CLUSTER = String.join(
            " ",
            "-Dspark.sql.shuffle.partitions=2",
            "-Dspark.databricks.delta.snapshotPartitions=2",
            "-Dspark.sql.sources.parallelPartitionDiscovery.parallelism=2",
            "-Dspark.executor.memory=768m",
            "-D" + ChildJvms.EXECUTOR_OPTIONS);
}
