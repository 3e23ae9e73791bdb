package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static dev.strata.server.TestServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run executor through the API: child processes (the stand-in engine), their logs, cancellation, timeouts,
 * retries, recovery after a restart and one running run per pipeline.
 */
class ServerRunsIT {
    @TempDir
    static Path root;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(root, Map.of("STRATA_RUN_TIMEOUT", "20s", "STRATA_RUN_RETRIES", "1"));
        Files.writeString(
                Files.createDirectories(server.pipelines.resolve("orders")).resolve("orders.yaml"),
                pipelineYaml("orders"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSeedEndpointRunsAFileUnderThePipelinesDirectory() throws Exception {
        HttpResponse<String> queued =
                server.postJson("/api/v1/pipelines/run", ADMIN_TOKEN, "{\"config_path\": \"orders/orders.yaml\"}");
        assertThat(queued.statusCode()).isEqualTo(202);
        String runId = json(queued).get("run_id").asText();

        JsonNode done = server.awaitRun(runId, status("succeeded"), Duration.ofSeconds(30));
        assertThat(done.get("exit_code").asInt()).isZero();
        JsonNode dataset = done.get("datasets").get(0);
        assertThat(dataset.get("dataset").asText()).isEqualTo("bronze.orders");
        assertThat(dataset.get("rows_in").asLong()).isEqualTo(10);
        assertThat(dataset.get("written").asLong()).isEqualTo(8);
        assertThat(dataset.get("quarantined").asLong()).isEqualTo(1);
        assertThat(dataset.get("dropped").asLong()).isEqualTo(1);

        JsonNode status = json(server.get("/api/v1/pipelines/status/" + runId, ADMIN_TOKEN));
        assertThat(status.get("status").asText()).isEqualTo("succeeded");

        String log = server.get("/api/v1/runs/" + runId + "/logs", ADMIN_TOKEN).body();
        assertThat(log)
                .contains("stand-in engine: run " + runId)
                .as("it runs in the folder the pipeline's relative paths resolve against")
                .contains(" in " + server.pipelines.resolve("orders"))
                .as("the server's secrets stay out of the engine's environment")
                .doesNotContain(TestServer.ADMIN_TOKEN)
                .doesNotContain(TestServer.DB_PASSWORD);

        for (String outside : List.of("../orders/orders.yaml", "/etc/passwd", "missing.yaml")) {
            HttpResponse<String> refused =
                    server.postJson("/api/v1/pipelines/run", ADMIN_TOKEN, "{\"config_path\": \"" + outside + "\"}");
            assertThat(refused.statusCode()).as(outside).isEqualTo(400);
        }
        assertThat(server.postJson("/api/v1/pipelines/run", ADMIN_TOKEN, "{}").statusCode())
                .isEqualTo(400);

        String metrics = server.get("/metrics", null).body();
        assertThat(metrics)
                .contains("strata_runs_finished_total{pipeline=\"orders\",state=\"succeeded\"}")
                .contains(
                        "strata_records_total{dataset=\"bronze.orders\",layer=\"bronze\",outcome=\"quarantined\",pipeline=\"orders\"}")
                .contains("strata_quality_score{dataset=\"bronze.orders\",pipeline=\"orders\"} 0.5")
                .contains("strata_anomalies_total{dataset=\"bronze.orders\",pipeline=\"orders\"}")
                .contains("strata_pipeline_execution_seconds_bucket{")
                .contains("strata_last_success_timestamp_seconds{pipeline=\"orders\"}");
    }

    @Test
    void cancellingARunningRunKillsItsProcess() throws Exception {
        register("sleepy");
        String runId = run("sleepy", "{\"parameters\": {\"STANDIN_SLEEP\": \"60\"}}");
        JsonNode running =
                server.awaitRun(runId, r -> r.path("status").asText().equals("running"), Duration.ofSeconds(15));
        assertThat(running.get("started_at").isNull()).isFalse();
        long pid = awaitPid(runId);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);

        HttpResponse<String> cancel = server.postJson("/api/v1/runs/" + runId + "/cancel", ADMIN_TOKEN, "");
        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode cancelled = server.awaitRun(runId, status("cancelled"), Duration.ofSeconds(20));
        assertThat(cancelled.get("message").asText()).contains("cancelled");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(server.postJson("/api/v1/runs/" + runId + "/cancel", ADMIN_TOKEN, "")
                        .statusCode())
                .as("already cancelled")
                .isEqualTo(409);
    }

    @Test
    void aRunPastItsPipelinesTimeoutIsKilledAndFailed() throws Exception {
        HttpResponse<String> registered =
                server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("slow") + "timeout: 2s\n");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String runId = run("slow", "{\"parameters\": {\"STANDIN_SLEEP\": \"120\"}}");
        JsonNode failed = server.awaitRun(runId, status("failed"), Duration.ofSeconds(15));
        assertThat(failed.get("message").asText()).isEqualTo("timed out after 2s (the pipeline's timeout)");
    }

    @Test
    void aCrashedEngineIsRetriedWithBackoffAndAFailedRunIsNot() throws Exception {
        register("crashy");
        String crashed = run("crashy", "{\"parameters\": {\"STANDIN_EXIT\": \"137\", \"STANDIN_SUMMARY\": \"no\"}}");
        JsonNode done = server.awaitRun(crashed, status("failed"), Duration.ofSeconds(30));
        assertThat(done.get("attempt").asInt())
                .as("one retry (STRATA_RUN_RETRIES=1)")
                .isEqualTo(2);
        assertThat(done.get("exit_code").asInt()).isEqualTo(137);

        String failed = run("crashy", "{\"parameters\": {\"STANDIN_EXIT\": \"1\"}}");
        JsonNode once = server.awaitRun(failed, status("failed"), Duration.ofSeconds(30));
        assertThat(once.get("attempt").asInt())
                .as("a reported failure is not retried")
                .isEqualTo(1);
    }

    @Test
    void runsOfOnePipelineNeverOverlap() throws Exception {
        register("serial");
        Path trace = root.resolve("serial-trace.txt");
        String body = "{\"parameters\": {\"STANDIN_SLEEP\": \"1\", \"STANDIN_TRACE\": \"" + trace + "\"}}";
        List<Thread> submitters = new ArrayList<>();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> ids.add(run("serial", body)));
            submitters.add(t);
            t.start();
        }
        for (Thread t : submitters) {
            t.join();
        }
        assertThat(ids).hasSize(3);
        for (String id : ids) {
            server.awaitRun(id, status("succeeded"), Duration.ofSeconds(60));
        }
        List<String> events = Files.readAllLines(trace);
        assertThat(events).hasSize(6);
        for (int i = 0; i < events.size(); i += 2) {
            String[] start = events.get(i).split(" ");
            String[] end = events.get(i + 1).split(" ");
            assertThat(start[0]).as("runs alternate start, end: " + events).isEqualTo("start");
            assertThat(end[0]).isEqualTo("end");
            assertThat(end[1]).isEqualTo(start[1]);
        }
    }

    @Test
    void aRestartFailsOrRequeuesWhatTheStoppedServerLeftRunning() throws Exception {
        register("orphaned");
        Instant long_ago = Instant.now().minus(Duration.ofMinutes(5));
        server.database.jdbi().useHandle(h -> {
            h.createUpdate("INSERT INTO servers (id, host, started_at, heartbeat_at) VALUES ('srv_dead', 'h', :t, :t)")
                    .bind("t", OffsetDateTime.ofInstant(long_ago, ZoneOffset.UTC))
                    .execute();
            h.createUpdate("""
                            INSERT INTO runs (id, pipeline, version, state, submitted_by, created_at, not_before,
                                started_at, server_id)
                            VALUES ('run_orphan', 'orphaned', 1, 'running', 'test', :t, :t, :t, 'srv_dead')""")
                    .bind("t", OffsetDateTime.ofInstant(long_ago, ZoneOffset.UTC))
                    .execute();
        });
        server.stop();
        server.boot();
        JsonNode failed = server.awaitRun("run_orphan", status("failed"), Duration.ofSeconds(20));
        assertThat(failed.get("message").asText()).contains("server stopped");
    }

    @Test
    void stoppingTheServerKillsItsRunsAndSettlesThem() throws Exception {
        register("interrupted");
        String runId = run("interrupted", "{\"parameters\": {\"STANDIN_SLEEP\": \"60\"}}");
        server.awaitRun(runId, status("running"), Duration.ofSeconds(15));
        long pid = awaitPid(runId);
        server.stop();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        Map<String, Object> stored = server.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT state, message FROM runs WHERE id = :id")
                        .bind("id", runId)
                        .mapToMap()
                        .one());
        assertThat(stored).containsEntry("state", "failed").containsEntry("message", "the server stopped while it ran");
        server.boot();
    }

    private static void register(String name) {
        HttpResponse<String> registered = server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml(name));
        assertThat(registered.statusCode()).isIn(200, 201);
    }

    private static String run(String pipeline, String body) {
        HttpResponse<String> queued = server.postJson("/api/v1/pipelines/" + pipeline + "/runs", ADMIN_TOKEN, body);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return json(queued).get("run_id").asText();
    }

    private static Long awaitPid(String runId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Long pid = server.database
                    .jdbi()
                    .withHandle(h -> h.createQuery("SELECT pid FROM runs WHERE id = :id")
                            .bind("id", runId)
                            .mapTo(Long.class)
                            .findOne()
                            .orElse(null));
            if (pid != null) {
                return pid;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " never recorded a process");
    }
}
