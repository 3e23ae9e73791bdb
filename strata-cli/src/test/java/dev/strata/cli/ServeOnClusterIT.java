package dev.strata.cli;

import static dev.strata.cli.ServeProcess.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata serve} handing runs to a real Spark standalone cluster ({@link SparkCluster}) through its {@code
 * spark-submit} executor, chosen for one pipeline by {@code STRATA_PIPELINE_EXECUTORS}: the installation's own
 * spark-submit (Spark's {@code SparkSubmit} on the distribution's Spark jars) submits the engine's all-jar in client
 * mode, so the driver is the server's child process and cancel, logs and progress work as they do for a local run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeOnClusterIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");

    @TempDir
    static Path work;

    static SparkCluster cluster;
    static ServeProcess server;

    @BeforeAll
    static void serve() throws Exception {
        cluster = SparkCluster.start(work.resolve("cluster"), 1);
        TestFiles.copyTree(
                EXAMPLE.resolve("data"),
                work.resolve("pipelines").resolve("retail").resolve("data"));
        server = ServeProcess.start(
                work,
                Map.of(
                        "STRATA_EXECUTOR", "local",
                        "STRATA_PIPELINE_EXECUTORS", "retail=spark-submit",
                        "STRATA_SPARK_MASTER", cluster.masterUrl));
        String yaml = Files.readString(EXAMPLE.resolve("pipeline.yaml"));
        HttpResponse<String> registered = server.call("POST", "/api/v1/pipelines", "application/yaml", yaml);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aRunSubmittedToTheClusterSucceedsWithItsProgressAndLog() throws Exception {
        String id = queue();
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
                .as("spark-submit's driver output is the run's log")
                .contains("Running retail (run " + id + ")")
                .contains("SUCCEEDED")
                .doesNotContain(server.adminToken);
        // The engine ran as an application of the cluster, with its executors on the Worker.
        JsonNode app = cluster.state().path("completedapps").get(0);
        assertThat(app.path("name").asText()).isEqualTo("strata retail");
        assertThat(app.path("state").asText()).isEqualTo("FINISHED");
    }

    @Test
    @Order(2)
    void cancellingARunKillsItsDriverAndEndsItsApplication() throws Exception {
        String id = queue();
        server.await(id, r -> r.get("status").asText().equals("running"));
        awaitApplicationOnTheCluster();

        HttpResponse<String> cancel = server.call("POST", "/api/v1/runs/" + id + "/cancel", "application/json", "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode cancelled = server.await(id, r -> r.get("status").asText().matches("succeeded|failed|cancelled"));

        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (cluster.state().path("activeapps").size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(cluster.state().path("activeapps").size())
                .as("the master saw the driver go and ended its application")
                .isZero();
        assertThat(cluster.state().path("completedapps").size()).isEqualTo(2);
    }

    private static String queue() throws Exception {
        HttpResponse<String> queued = server.call("POST", "/api/v1/pipelines/retail/runs", "application/json", "{}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return json(queued).get("run_id").asText();
    }

    private static void awaitApplicationOnTheCluster() throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!cluster.applicationRunning()) {
            assertThat(System.nanoTime())
                    .as("an application on the cluster in 2 minutes")
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static JsonNode dataset(JsonNode run, String name) {
        for (JsonNode dataset : run.get("datasets")) {
            if (dataset.get("name").asText().equals(name)) {
                return dataset;
            }
        }
        throw new AssertionError(name + " not in " + run);
    }
}
