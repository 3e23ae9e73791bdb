package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark-submit} of {@code strata-engine-<version>-all.jar} to a Spark standalone cluster in client mode, the
 * recipe of docs/deploy.md ("spark-submit"): {@code bin/spark-submit} (Spark's own launcher and SparkSubmit on a stock
 * Spark distribution's jars, the spark-dist module's {@code target/jars}) starts the driver, and a Worker with only
 * those jars runs the executors, so everything else (the CLI, the engine, Delta, …) must come from the application
 * jar. The retail example's orders branch (bronze, silver with its quarantine, gold: CSV, merge, SQL, Delta) must
 * equal a {@code local[2]} run's row for row; ClusterIT covers the whole example on the cluster.
 *
 * <p>On the same cluster, {@code strata serve} hands runs to it through its {@code spark-submit} executor, chosen for
 * the pipeline by {@code STRATA_PIPELINE_EXECUTORS}: the installation's own spark-submit (Spark's {@code SparkSubmit}
 * on those jars) submits the same all-jar in client mode, so the driver is the server's child process and cancel,
 * logs and progress work as they do for a local run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitIT {
    static final Path SPARK_JARS =
            Path.of("..", "spark-dist", "target", "jars").toAbsolutePath().normalize();
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");

    @TempDir
    static Path work;

    static SparkCluster cluster;
    static ServeProcess server;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SparkCluster.startFromJars(work.resolve("cluster"), 1, SPARK_JARS);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theRetailOrdersSubmittedToTheClusterEqualTheLocalRun() throws Exception {
        Path local = example("local");
        Path submitted = example("submitted");

        // The local run shares nothing with the submitted one (a folder and a metadata store of its own): it runs in
        // this JVM while spark-submit's JVMs run theirs.
        long localStart = System.nanoTime();
        double[] localSeconds = {0};
        CompletableFuture<RunCommandIT.Outcome> localRunning = CompletableFuture.supplyAsync(() -> {
            RunCommandIT.Outcome outcome = RunCommandIT.strata(
                    "run",
                    local.resolve("pipeline.yaml").toString(),
                    "--master",
                    "local[2]",
                    "--run-id",
                    "same-run",
                    "--only",
                    "+gold.daily_revenue",
                    "--no-progress");
            localSeconds[0] = (System.nanoTime() - localStart) / 1e9;
            return outcome;
        });
        SubmitRun submit = sparkSubmit(
                submitted,
                "--master",
                cluster.masterUrl,
                "--deploy-mode",
                "client",
                "--conf",
                "spark.sql.shuffle.partitions=2",
                "--conf",
                "spark.databricks.delta.snapshotPartitions=2",
                "--conf",
                "spark.sql.sources.parallelPartitionDiscovery.parallelism=2",
                "--conf",
                ChildJvms.EXECUTOR_OPTIONS,
                "--driver-java-options",
                ChildJvms.ENGINE_OPTIONS,
                "--executor-memory",
                "768m",
                "--class",
                "dev.strata.cli.StrataCommand",
                allJar().toString(),
                "run",
                "pipeline.yaml",
                "--run-id",
                "same-run",
                "--only",
                "+gold.daily_revenue",
                "--no-progress");
        RunCommandIT.Outcome localRun = localRunning.get(10, TimeUnit.MINUTES);

        assertThat(localRun.exitCode()).as(localRun.err()).isZero();
        assertThat(submit.exitCode()).as(submit.output()).isZero();
        assertThat(submit.output())
                .contains("Running retail (run same-run) on " + cluster.masterUrl)
                .containsPattern("silver\\.orders\\s+SUCCEEDED\\s+195\\s+180\\s+9\\s+6\\s+1/4 passed")
                .contains("Run same-run SUCCEEDED")
                // The run's metadata store (embedded, in STRATA_HOME) works from the application's class loader.
                .doesNotContain("Cannot connect to the metadata store");
        // The application ran on the cluster, named as strata run names it (spark-submit would name it after the
        // class).
        assertThat(cluster.state().path("completedapps").get(0).path("name").asText())
                .isEqualTo("strata retail");
        for (String table : RetailTables.ORDERS_BRANCH) {
            List<String> expected = RetailTables.rows(local, table);
            assertThat(expected).as(table).isNotEmpty();
            assertThat(RetailTables.rows(submitted, table)).as(table).isEqualTo(expected);
        }
        System.out.printf(
                "SparkSubmitIT: retail orders on local[2] in this JVM %.1fs, through spark-submit on the cluster %.1fs"
                        + " at the same time (%s)%n",
                localSeconds[0],
                submit.seconds(),
                submit.output()
                        .lines()
                        .filter(line -> line.startsWith("Run same-run"))
                        .findFirst()
                        .orElse(""));
    }

    @Test
    @Order(2)
    void aMasterThatContradictsSparkSubmitsIsRefusedBeforeSparkStarts() throws Exception {
        Path dir = example("conflict");

        SubmitRun submit = sparkSubmit(
                dir,
                "--master",
                "local[1]",
                "--class",
                "dev.strata.cli.StrataCommand",
                allJar().toString(),
                "run",
                "pipeline.yaml",
                "--master",
                "local[2]");

        assertThat(submit.exitCode()).as(submit.output()).isEqualTo(2);
        assertThat(submit.output())
                .contains("Cannot run on --master local[2]: this JVM was started for local[1] (by spark-submit"
                        + " --master or -Dspark.master; drop strata's --master, or give both the same URL)")
                .doesNotContain("\tat ");
        assertThat(dir.resolve("lakehouse")).doesNotExist();
    }

    @Test
    @Order(3)
    void theServersSparkSubmitExecutorRunsThePipelineOnTheClusterWithItsProgressAndLog() throws Exception {
        int appsBefore = cluster.state().path("completedapps").size();
        String id = queueOnTheServer();
        boolean[] progressSeen = {false};
        JsonNode run = server.await(id, r -> {
            progressSeen[0] |= r.get("status").asText().equals("running")
                    && !r.get("datasets").isEmpty();
            return r.get("status").asText().matches("succeeded|failed|cancelled");
        });

        assertThat(run.get("status").asText()).as(run + "\n" + server.logs(id)).isEqualTo("succeeded");
        assertThat(progressSeen[0])
                .as("progress in GET /runs/{id} while it runs")
                .isTrue();
        JsonNode silver = dataset(run, "silver.orders");
        assertThat(silver.get("written").asLong()).isEqualTo(180);
        assertThat(silver.get("quarantined").asLong()).isEqualTo(9);
        assertThat(silver.get("dropped").asLong()).isEqualTo(6);
        assertThat(server.logs(id))
                .as("the driver's output is the run's log")
                .contains("Running retail (run " + id + ") on " + cluster.masterUrl)
                .contains("Run " + id + " SUCCEEDED")
                .doesNotContain(server.adminToken);
        JsonNode apps = cluster.state().path("completedapps");
        assertThat(apps.size()).as("one more application ran on the cluster").isEqualTo(appsBefore + 1);
        assertThat(apps.get(0).path("name").asText()).isEqualTo("strata retail");
    }

    @Test
    @Order(4)
    void cancellingAServerRunKillsItsDriverAndTheClusterEndsItsApplication() throws Exception {
        String id = queueOnTheServer();
        server.await(id, r -> r.get("status").asText().equals("running"));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!cluster.applicationRunning()) {
            assertThat(System.nanoTime())
                    .as("an application on the cluster in 2 minutes")
                    .isLessThan(deadline);
            Thread.sleep(250);
        }

        HttpResponse<String> cancel = server.call("POST", "/api/v1/runs/" + id + "/cancel", "application/json", "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode cancelled = server.await(id, r -> r.get("status").asText().matches("succeeded|failed|cancelled"));

        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (cluster.state().path("activeapps").size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(cluster.state().path("activeapps").size())
                .as("the master saw the driver go and ended its application")
                .isZero();
    }

    /** Queues the retail orders branch on {@code strata serve}, started on first use with the spark-submit executor. */
    private static String queueOnTheServer() throws Exception {
        if (server == null) {
            Path serve = work.resolve("serve");
            TestFiles.copyTree(
                    EXAMPLE.resolve("data"),
                    serve.resolve("pipelines").resolve("retail").resolve("data"));
            server = ServeProcess.start(
                    serve,
                    Map.of(
                            "STRATA_EXECUTOR",
                            "local",
                            "STRATA_PIPELINE_EXECUTORS",
                            "retail=spark-submit",
                            "STRATA_SPARK_MASTER",
                            cluster.masterUrl,
                            "STRATA_SPARK_SUBMIT_OPTIONS",
                            "--executor-memory 768m --conf spark.sql.shuffle.partitions=2"
                                    + " --conf spark.databricks.delta.snapshotPartitions=2"
                                    + " --conf " + ChildJvms.EXECUTOR_OPTIONS));
            String yaml = Files.readString(EXAMPLE.resolve("pipeline.yaml"));
            HttpResponse<String> registered = server.call("POST", "/api/v1/pipelines", "application/yaml", yaml);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        }
        HttpResponse<String> queued = server.call(
                "POST", "/api/v1/pipelines/retail/runs", "application/json", "{\"only\": \"+gold.daily_revenue\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return ServeProcess.json(queued).get("run_id").asText();
    }

    private static JsonNode dataset(JsonNode run, String name) {
        for (JsonNode dataset : run.get("datasets")) {
            if (dataset.get("dataset").asText().equals(name)) {
                return dataset;
            }
        }
        throw new AssertionError(name + " not in " + run);
    }

    /** What one {@code bin/spark-submit} printed, returned and took. */
    record SubmitRun(int exitCode, String output, double seconds) {}

    /** The one application jar the build makes: {@code target/strata-engine-<version>-all.jar}. */
    static Path allJar() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            List<Path> found = jars.filter(jar -> jar.getFileName().toString().matches("strata-engine-.*-all[.]jar"))
                    .toList();
            assertThat(found).as("the all-jar in target/").hasSize(1);
            return found.get(0).toAbsolutePath();
        }
    }

    private static Path example(String name) throws IOException {
        Path dir = work.resolve(name);
        TestFiles.copyTree(EXAMPLE.resolve("data"), dir.resolve("data"));
        Files.copy(EXAMPLE.resolve("pipeline.yaml"), dir.resolve("pipeline.yaml"));
        return dir;
    }

    /** {@code bin/spark-submit} as a user runs it, in {@code dir}, with a metadata store of its own. */
    private static SubmitRun sparkSubmit(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "bash", Path.of("..", "bin", "spark-submit").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "spark-submit-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("STRATA_HOME", work.resolve("home").toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SubmitRun(process.waitFor(), Files.readString(log, StandardCharsets.UTF_8), seconds);
    }
}
