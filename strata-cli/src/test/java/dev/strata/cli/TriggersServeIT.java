package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.testing.KafkaBroker;
import dev.strata.store.ScratchDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triggers in {@code bin/strata serve} processes with real child-JVM runs: a {@code dev.strata.dataset.completed}
 * event for pipeline A's gold dataset starts pipeline B, which reads that table; and a server killed with SIGKILL
 * after reading a burst and before queueing it loses none of its events, and a restarted server starts its run once.
 */
@ExtendWith(KafkaBroker.class)
class TriggersServeIT {
    private static final String ADMIN_TOKEN = "triggers-it-admin-" + UUID.randomUUID();
    private static final String EVENTS_TOPIC = "serve-it.strata.events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    static ScratchDatabase database;
    static KafkaBroker.Server kafka;
    static String group = "serve-it-" + UUID.randomUUID();
    static Process server;
    static int port;
    static final StringBuffer OUTPUT = new StringBuffer();

    @BeforeAll
    static void serve(KafkaBroker.Server broker) throws Exception {
        kafka = broker;
        kafka.createTopic(EVENTS_TOPIC, 1);
        kafka.createTopic("serve-it.orders", 1);
        database = ScratchDatabase.create();
        Path upstreamData = Files.createDirectories(work.resolve("pipelines/upstream/data"));
        Files.writeString(upstreamData.resolve("orders.csv"), "id,region,amount\n1,eu,10\n2,eu,20\n3,us,5\n");
        start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        database.close();
    }

    @Test
    void aDatasetTriggerChainsUpstreamGoldIntoDownstreamAndAKilledServerLosesNoTrigger() throws Exception {
        register("""
                name: upstream
                storage: {root: ./lake, format: delta}
                sources:
                  raw: {format: csv, path: ./data, options: {header: "true"}, schema: "id INT, region STRING, amount INT"}
                datasets:
                  bronze.orders: {from: raw}
                  gold.revenue:
                    sql: SELECT region, SUM(amount) AS amount FROM bronze.orders GROUP BY region
                """);
        register("""
                name: downstream
                storage: {root: ./lake, format: delta}
                sources:
                  revenue: {format: delta, path: ../upstream/lake/gold/revenue}
                datasets:
                  bronze.revenue: {from: revenue}
                triggers:
                  - dataset: {pipeline: upstream, name: gold.revenue}
                    debounce: 1s
                """);
        String upstreamRun = json(call("POST", "/api/v1/pipelines/upstream/runs", "{}"))
                .get("run_id")
                .asText();
        JsonNode upstream = await(upstreamRun, finished(), Duration.ofMinutes(4));
        assertThat(upstream.get("status").asText()).as(upstream.toString()).isEqualTo("succeeded");

        // The server's events relay publishes gold.revenue's dev.strata.dataset.completed; the trigger takes it.
        JsonNode downstream = awaitOnlyRun("downstream", Duration.ofMinutes(2));
        assertThat(downstream.get("trigger").get("source").asText()).isEqualTo("upstream/gold.revenue");
        assertThat(downstream.get("trigger").get("events")).hasSize(1);
        String eventId = downstream.get("trigger").get("events").get(0).asText();
        JsonNode completed = null;
        for (var record : kafka.read(EVENTS_TOPIC, 1, Duration.ofSeconds(30), Duration.ofSeconds(2))) {
            JsonNode event = JSON.readTree(record.value());
            if (event.get("id").asText().equals(eventId)) {
                completed = event;
            }
        }
        assertThat(completed).as("the relay's event").isNotNull();
        assertThat(completed.get("type").asText()).isEqualTo("dev.strata.dataset.completed");
        assertThat(completed.get("subject").asText()).isEqualTo("upstream/gold.revenue");
        assertThat(completed.get("data").get("run_id").asText()).isEqualTo(upstreamRun);
        assertThat(completed.get("data").get("rows_written").asLong()).isEqualTo(2);
        JsonNode done = await(downstream.get("run_id").asText(), finished(), Duration.ofMinutes(4));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("datasets").get(0).get("written").asLong())
                .as("eu and us")
                .isEqualTo(2);

        // A burst read, then the server killed before its 10s window ends: nothing queued, no offset committed.
        register("""
                name: burst
                sources:
                  raw: {format: csv, path: ./data}
                datasets:
                  bronze.raw: {from: raw}
                triggers:
                  - kafka: {topic: serve-it.orders, filter: {type: order}}
                    debounce: 10s
                """);
        register("""
                name: probe
                sources:
                  raw: {format: csv, path: ./data}
                datasets:
                  bronze.raw: {from: raw}
                triggers:
                  - kafka: {topic: serve-it.orders, filter: {type: probe}}
                    debounce: 0s
                """);
        List<String> ids = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add("order-" + i + "-" + UUID.randomUUID());
            values.add(event(ids.get(i), "order"));
        }
        values.add(event("probe-" + UUID.randomUUID(), "probe"));
        kafka.produce("serve-it.orders", values);
        awaitOnlyRun("probe", Duration.ofMinutes(2));
        assertThat(runs("burst")).isEmpty();
        // SIGKILL: no shutdown hook, no close, no commit.
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(137);

        start();
        // The restarted server's window opens when it reads the burst again: a run now was queued before the kill.
        assertThat(runs("burst")).as("no burst run queued before the kill").isEmpty();
        JsonNode burst = awaitOnlyRun("burst", Duration.ofMinutes(2));
        List<String> recorded = new ArrayList<>();
        burst.get("trigger").get("events").forEach(id -> recorded.add(id.asText()));
        assertThat(recorded).containsExactlyElementsOf(ids);
        Thread.sleep(5_000);
        assertThat(runs("probe"))
                .as("the probe, read again, was already recorded")
                .hasSize(1);
        assertThat(runs("burst")).hasSize(1);
        assertThat(OUTPUT.toString()).doesNotContain(ADMIN_TOKEN);
    }

    // ---- helpers ----

    private static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        Path.of("..", "bin", "strata").toString(),
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port))
                .redirectErrorStream(true);
        builder.environment().put("STRATA_DB_URL", ScratchDatabase.server() + database.name());
        builder.environment().put("STRATA_DB_USER", "postgres");
        builder.environment()
                .put("STRATA_PIPELINES_DIR", work.resolve("pipelines").toString());
        // Downstream reads upstream's table: runs may use the whole pipelines folder.
        builder.environment()
                .put("STRATA_ALLOWED_ROOTS", work.resolve("pipelines").toString());
        builder.environment().put("STRATA_HOME", work.resolve("home").toString());
        builder.environment().put("STRATA_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("STRATA_DRIVER_MEMORY", "1g");
        builder.environment().put("STRATA_JAVA_OPTS", ChildJvms.ENGINE_OPTIONS);
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        builder.environment().put("STRATA_EVENTS_TOPIC", EVENTS_TOPIC);
        builder.environment().put("STRATA_TRIGGER_GROUP_ID", group);
        builder.environment().put("STRATA_TRIGGER_POLL", "1s");
        // The killed server's member leaves the group after this (the broker's least): the restarted one then reads.
        builder.environment().put("STRATA_TRIGGER_SESSION_TIMEOUT", "6s");
        builder.environment().put("STRATA_ORPHANED_RUNS", "fail");
        server = builder.start();
        ServeProcess.awaitListening(server, port, OUTPUT, Duration.ofSeconds(90));
    }

    private static void register(String yaml) throws Exception {
        HttpResponse<String> response = HTTP.send(
                request("/api/v1/pipelines")
                        .header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString(yaml))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return HTTP.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static List<JsonNode> runs(String pipeline) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        json(HTTP.send(
                        request("/api/v1/runs?pipeline=" + pipeline).GET().build(),
                        HttpResponse.BodyHandlers.ofString()))
                .get("runs")
                .forEach(runs::add);
        return runs;
    }

    private static JsonNode awaitOnlyRun(String pipeline, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> runs = runs(pipeline);
            if (!runs.isEmpty()) {
                assertThat(runs).hasSize(1);
                return json(
                        call("GET", "/api/v1/runs/" + runs.get(0).get("run_id").asText(), ""));
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no run of " + pipeline + " in " + timeout + "; server output:\n" + OUTPUT);
    }

    private static Predicate<JsonNode> finished() {
        return run -> run.get("status").asText().matches("succeeded|failed|cancelled");
    }

    private static JsonNode await(String runId, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = json(HTTP.send(request("/api/v1/runs/" + runId).GET().build(), HttpResponse.BodyHandlers.ofString()));
            if (done.test(run)) {
                return run;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + runId + " did not finish in " + timeout + ": " + run);
    }

    private static String event(String id, String type) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/shop\",\"type\":\"" + type
                + "\",\"data\":{}}";
    }
}
