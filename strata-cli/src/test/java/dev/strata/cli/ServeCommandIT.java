package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.testing.EventSchemas;
import dev.strata.core.testing.KafkaBroker;
import dev.strata.store.ScratchDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/strata serve} as a user starts it, on a scratch database (the machine's PostgreSQL, or an embedded one when
 * none runs): register the retail example
 * through the API, run it (a real child JVM of the engine), poll it, read its quality metrics and its lifecycle events
 * (published to a real Kafka broker), and cancel a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(KafkaBroker.class)
class ServeCommandIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");
    private static final String ADMIN_TOKEN = "serve-it-admin-" + UUID.randomUUID();
    /** The server's trust authentication ignores it; it must show up nowhere. */
    private static final String DB_PASSWORD = "serve-it-db-" + UUID.randomUUID();
    /** A SASL password passed through to the events producer: it must show up nowhere either. */
    private static final String KAFKA_PASSWORD = "serve-it-kafka-" + UUID.randomUUID();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static ScratchDatabase database;
    static Process server;
    static int port;
    static int sparkUiPort;
    static KafkaBroker.Server kafka;
    static String runId;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final StringBuffer SERVER_OUTPUT = new StringBuffer();

    @BeforeAll
    static void serve(KafkaBroker.Server broker) throws Exception {
        kafka = broker;
        Path pipelines = work.resolve("pipelines");
        // A posted pipeline's folder is STRATA_PIPELINES_DIR/<name>: its relative paths resolve there, and its runs
        // may read and write nothing outside it.
        TestFiles.copyTree(EXAMPLE.resolve("data"), pipelines.resolve("retail").resolve("data"));
        Files.copy(EXAMPLE.resolve("pipeline.yaml"), work.resolve("pipeline.yaml"));
        database = ScratchDatabase.create();
        try (ServerSocket free = new ServerSocket(0);
                ServerSocket ui = new ServerSocket(0)) {
            port = free.getLocalPort();
            sparkUiPort = ui.getLocalPort();
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
        builder.environment().put("STRATA_DB_PASSWORD", DB_PASSWORD);
        builder.environment().put("STRATA_PIPELINES_DIR", pipelines.toString());
        builder.environment().put("STRATA_HOME", work.resolve("home").toString());
        builder.environment().put("STRATA_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("STRATA_DRIVER_MEMORY", "2g");
        builder.environment().put("STRATA_JAVA_OPTS", ChildJvms.ENGINE_OPTIONS);
        // Schedules in seconds (the minute field counts seconds), looked at every second: a test schedule fires soon.
        builder.environment().put("STRATA_SCHEDULE_SECONDS", "true");
        builder.environment().put("STRATA_SCHEDULE_POLL", "1s");
        // The runs' Spark UI, for its Prometheus servlet.
        builder.environment().put("STRATA_SPARK_UI_PORT", String.valueOf(sparkUiPort));
        // Lifecycle events, to the default topic; the JAAS config is unused on PLAINTEXT, but kept secret all the same.
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        builder.environment()
                .put(
                        "STRATA_EVENTS_PRODUCER_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"strata\""
                                + " password=\"" + KAFKA_PASSWORD + "\";");
        server = builder.start();
        ServeProcess.awaitListening(server, port, SERVER_OUTPUT, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS))
                    .as("strata serve stops on SIGTERM")
                    .isTrue();
        }
        database.close();
    }

    @Test
    @Order(1)
    void registersAndRunsTheExampleInAChildJvm() throws Exception {
        String yaml = Files.readString(work.resolve("pipeline.yaml"));
        HttpResponse<String> registered = call("POST", "/api/v1/pipelines", "application/yaml", yaml);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(json(registered).get("name").asText()).isEqualTo("retail");

        HttpResponse<String> queued = call("POST", "/api/v1/pipelines/retail/runs", "application/json", "{}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        runId = json(queued).get("run_id").asText();

        boolean[] progressSeen = {false};
        JsonNode run = await(runId, r -> {
            progressSeen[0] |= r.get("status").asText().equals("running")
                    && !r.get("datasets").isEmpty();
            return r.get("status").asText().matches("succeeded|failed|cancelled");
        });
        assertThat(progressSeen[0])
                .as("the engine records each dataset as it ends, before the run does")
                .isTrue();
        assertThat(run.get("status").asText()).as(run + "\n" + logs(runId)).isEqualTo("succeeded");
        JsonNode silver = dataset(run, "silver.orders");
        assertThat(silver.get("written").asLong()).isEqualTo(180);
        assertThat(silver.get("quarantined").asLong()).isEqualTo(9);
        assertThat(silver.get("dropped").asLong()).isEqualTo(6);
        assertThat(logs(runId))
                .contains("Running retail (run " + runId + ")")
                .contains("SUCCEEDED")
                .as("the server's token never reaches the engine, and the engine prints no password")
                .doesNotContain(ADMIN_TOKEN)
                .doesNotContain(DB_PASSWORD);
        assertThat(SERVER_OUTPUT.toString())
                .as("nor the server's log")
                .doesNotContain(ADMIN_TOKEN)
                .doesNotContain(DB_PASSWORD)
                .doesNotContain(KAFKA_PASSWORD);
        for (String path : new String[] {"/api/v1/runs/" + runId, "/api/v1/pipelines/retail", "/ready", "/metrics"}) {
            assertThat(call("GET", path, null, null).body()).as(path).doesNotContain(DB_PASSWORD);
        }

        JsonNode status = json(call("GET", "/api/v1/pipelines/status/" + runId, null, null));
        assertThat(status.get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    @Order(2)
    void theRunsQualityMetricsAreInTheSameStore() throws Exception {
        JsonNode metrics = json(call("GET", "/api/v1/quality/metrics/" + runId, null, null));
        JsonNode silver = null;
        for (JsonNode d : metrics.get("datasets")) {
            if (d.get("dataset").asText().equals("silver.orders")) {
                silver = d;
            }
        }
        assertThat(silver).as(metrics.toString()).isNotNull();
        assertThat(silver.get("metrics").get("row_count").asDouble()).isEqualTo(180.0);
        assertThat(silver.get("metrics").get("rows_quarantined").asDouble()).isEqualTo(9.0);

        JsonNode history = json(call("GET", "/api/v1/datasets/silver.orders/metrics?metric=row_count", null, null));
        assertThat(history.get("pipeline").asText())
                .as("the one pipeline with such a dataset")
                .isEqualTo("retail");
        assertThat(call("GET", "/api/v1/datasets/gold.nothing/metrics", null, null)
                        .statusCode())
                .isEqualTo(404);
        JsonNode points = history.get("metrics").get("row_count");
        assertThat(points).hasSize(1);
        assertThat(points.get(0).get("run_id").asText()).isEqualTo(runId);
        assertThat(points.get(0).get("value").asDouble()).isEqualTo(180.0);

        String prometheus = call("GET", "/metrics", null, null).body();
        assertThat(prometheus)
                .contains("strata_records_total{dataset=\"silver.orders\",layer=\"silver\",outcome=\"written\","
                        + "pipeline=\"retail\"} 180.0")
                .contains("strata_runs_finished_total{pipeline=\"retail\",state=\"succeeded\"} 1.0");
    }

    @Test
    @Order(3)
    void theRunsLifecycleEventsAreOnTheTopicAndValidate() throws Exception {
        JsonNode run = json(call("GET", "/api/v1/runs/" + runId, null, null));
        int datasets = run.get("datasets").size();
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (events.size() < datasets + 3 && System.nanoTime() < deadline) {
            events.clear();
            for (ConsumerRecord<String, String> record :
                    kafka.read("strata.events", datasets + 3, Duration.ofSeconds(30), Duration.ofSeconds(1))) {
                assertThat(record.key()).isEqualTo("retail");
                assertThat(EventSchemas.problems(record.value()))
                        .as(record.value())
                        .isEmpty();
                assertThat(record.value()).doesNotContain(KAFKA_PASSWORD);
                JsonNode event = JSON.readTree(record.value());
                if (event.at("/data/run_id").asText().equals(runId)) {
                    events.add(event);
                }
            }
        }
        List<String> types = events.stream().map(e -> e.get("type").asText()).toList();
        assertThat(types.subList(0, 2)).containsExactly("dev.strata.run.queued", "dev.strata.run.started");
        assertThat(types.get(types.size() - 1)).isEqualTo("dev.strata.run.succeeded");
        List<JsonNode> completed = events.stream()
                .filter(e -> e.get("type").asText().equals("dev.strata.dataset.completed"))
                .toList();
        assertThat(completed).as(types.toString()).hasSize(datasets);
        for (JsonNode event : completed) {
            JsonNode data = event.get("data");
            String name = data.get("dataset").asText();
            assertThat(event.get("subject").asText()).isEqualTo("retail/" + name);
            JsonNode stored = dataset(run, name);
            assertThat(data.get("rows_in").asLong())
                    .as(name)
                    .isEqualTo(stored.get("rows_in").asLong());
            assertThat(data.get("rows_written").asLong())
                    .as(name)
                    .isEqualTo(stored.get("written").asLong());
            assertThat(data.get("rows_quarantined").asLong())
                    .as(name)
                    .isEqualTo(stored.get("quarantined").asLong());
            assertThat(data.get("rows_dropped").asLong())
                    .as(name)
                    .isEqualTo(stored.get("dropped").asLong());
            assertThat(data.get("status").asText()).as(name).isEqualTo("succeeded");
            assertThat(data.get("table_version").isIntegralNumber())
                    .as(name + " committed a table version: " + data)
                    .isTrue();
        }
        JsonNode silver = completed.stream()
                .filter(e -> e.at("/data/dataset").asText().equals("silver.orders"))
                .findFirst()
                .orElseThrow();
        assertThat(silver.at("/data/rows_written").asLong()).isEqualTo(180);
        assertThat(silver.at("/data/rows_quarantined").asLong()).isEqualTo(9);
        assertThat(silver.at("/data/rows_dropped").asLong()).isEqualTo(6);
        assertThat(types)
                .as("the quarantined rows are the retail example's warned rules")
                .contains("dev.strata.quality.rule_failed");
    }

    @Test
    @Order(4)
    void cancellingARealRunKillsItsJvm() throws Exception {
        HttpResponse<String> queued = call("POST", "/api/v1/pipelines/retail/runs", "application/json", "{}");
        String id = json(queued).get("run_id").asText();
        await(id, r -> r.get("status").asText().equals("running"));
        long pid = pidOf(id);
        HttpResponse<String> cancel = call("POST", "/api/v1/runs/" + id + "/cancel", "application/json", "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode cancelled = await(id, r -> r.get("status").asText().matches("succeeded|failed|cancelled"));
        assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    @Order(5)
    void dbMigrateBringsTheStoreToTheLatestSchema() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", Path.of("..", "bin", "strata").toString(), "db", "migrate")
                .redirectErrorStream(true);
        builder.environment().put("STRATA_DB_URL", ScratchDatabase.server() + database.name());
        builder.environment().put("STRATA_DB_USER", "postgres");
        Process migrate = builder.start();
        String output = new String(migrate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(migrate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(migrate.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("strata db migrate: " + ScratchDatabase.server().substring("jdbc:".length()) + database.name()
                        + " is at schema version 13");

        ProcessBuilder verifyBuilder = new ProcessBuilder(
                        "bash", Path.of("..", "bin", "strata").toString(), "audit", "verify")
                .redirectErrorStream(true);
        verifyBuilder.environment().putAll(builder.environment());
        Process verify = verifyBuilder.start();
        String verified = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(verified).isZero();
        assertThat(verified)
                .as("the audit rows the API calls above appended")
                .containsPattern(
                        "strata audit verify: OK, [1-9][0-9]* rows, chained up to row [0-9]+ \\(hash [0-9a-f]{64}\\)");
    }

    @Test
    @Order(5)
    void aScheduledRunsLogicalTimeReachesTheEngine() throws Exception {
        Path folder = work.resolve("pipelines").resolve("stamped");
        Files.createDirectories(folder.resolve("data"));
        Files.writeString(folder.resolve("data").resolve("ids.csv"), "id\n1\n2\n");
        String yaml = """
                name: stamped
                schedule: {cron: "*/10 * * * *", catch_up: skip}
                storage: {root: ./lake, format: delta}
                sources:
                  raw: {format: csv, path: ./data, options: {header: "true"}}
                datasets:
                  bronze.ids: {from: raw}
                  silver.stamped:
                    sql: "SELECT id, '${run.logical_time}' AS logical_time, '${run.logical_date}' AS logical_date FROM bronze.ids"
                    expect:
                      - {rule: row_count, min: 1, name: "rows for ${run.logical_time} on ${run.logical_date}"}
                """;
        HttpResponse<String> registered = call("POST", "/api/v1/pipelines", "application/yaml", yaml);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String scheduled = null;
        for (int i = 0; i < 400 && scheduled == null; i++) {
            scheduled = database.jdbi()
                    .withHandle(h -> h.createQuery(
                                    "SELECT id FROM runs WHERE pipeline = 'stamped' ORDER BY logical_time LIMIT 1")
                            .mapTo(String.class)
                            .findOne()
                            .orElse(null));
            Thread.sleep(100);
        }
        assertThat(scheduled)
                .as("a run within 40 s of a schedule firing every 10 s")
                .isNotNull();
        call("POST", "/api/v1/pipelines/stamped/schedule/pause", "application/json", "{}");
        JsonNode run = await(scheduled, r -> r.get("status").asText().matches("succeeded|failed|cancelled"));
        assertThat(run.get("status").asText()).as(run + "\n" + logs(scheduled)).isEqualTo("succeeded");
        java.time.Instant logical =
                java.time.Instant.parse(run.get("logical_time").asText());
        assertThat(logical.getEpochSecond() % 10).as("a fire time").isZero();
        String expected = "rows for " + logical + " on "
                + logical.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        JsonNode metrics = json(call("GET", "/api/v1/quality/metrics/" + scheduled, null, null));
        assertThat(metrics.toString())
                .as("the engine filled in the run's logical time")
                .contains(expected);
    }

    /** The run's Spark driver metrics, or "" while its UI is not up. */
    private static String sparkMetrics() {
        try {
            HttpResponse<String> metrics = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sparkUiPort + "/metrics/prometheus"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return metrics.statusCode() == 200 ? metrics.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long pidOf(String id) throws Exception {
        for (int i = 0; i < 300; i++) {
            Long pid = database.jdbi()
                    .withHandle(h -> h.createQuery("SELECT pid FROM runs WHERE id = :id")
                            .bind("id", id)
                            .mapTo(Long.class)
                            .findOne()
                            .orElse(null));
            if (pid != null) {
                return pid;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " never recorded its process");
    }

    private static JsonNode dataset(JsonNode run, String name) {
        for (JsonNode d : run.get("datasets")) {
            if (d.get("dataset").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no " + name + " in " + run);
    }

    private static JsonNode await(String id, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = json(call("GET", "/api/v1/runs/" + id, null, null));
            if (done.test(run)) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "run " + id + " stuck at " + run + "\nlog:\n" + logs(id) + "\nserver:\n" + SERVER_OUTPUT);
    }

    private static String logs(String id) throws Exception {
        return call("GET", "/api/v1/runs/" + id + "/logs", null, null).body();
    }

    private static HttpResponse<String> call(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
