package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/runs/{id}/resume} against a real server, the machine's PostgreSQL and child processes (the
 * stand-in engine, which writes the summary a test gives it): what a resume queues and passes to its engine, the
 * attempts a run's datasets took, and each refusal with its status. The engine's side of a resume runs on Spark in
 * strata-cli's ResumeAndRetryIT.
 */
class ServerResumeIT {
    /** bronze.a succeeded after a retry, bronze.b failed after three attempts, gold.c was not built. */
    private static final String FAILED_SUMMARY = """
            {"run_id": "x", "pipeline": "resumable", "status": "FAILED", "datasets": [
              {"dataset": "bronze.a", "status": "SUCCEEDED", "rows_in": 3, "rows_added": 0, "rows_written": 3,
               "rows_quarantined": 0, "rows_dropped": 0, "seconds": 2.0, "message": null, "rules": [],
               "attempts": 2, "failed_attempts": ["Cannot read source path /in/a: it does not exist"]},
              {"dataset": "bronze.b", "status": "FAILED", "rows_in": 0, "rows_added": 0, "rows_written": 0,
               "rows_quarantined": 0, "rows_dropped": 0, "seconds": 0.5,
               "message": "Cannot read source path /in/b: it does not exist", "rules": [], "attempts": 3,
               "failed_attempts": ["Cannot read source path /in/b: it does not exist",
                                   "Cannot read source path /in/b: it does not exist"]},
              {"dataset": "gold.c", "status": "UPSTREAM_FAILED", "rows_in": 0, "rows_added": 0, "rows_written": 0,
               "rows_quarantined": 0, "rows_dropped": 0, "seconds": 0, "message": "not built: upstream bronze.b failed",
               "rules": [], "attempts": 0, "failed_attempts": []}]}
            """;

    @TempDir
    static Path root;

    static TestServer server;
    static Path summary;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(root, Map.of());
        summary = Files.writeString(root.resolve("failed-summary.json"), FAILED_SUMMARY);
        HttpResponse<String> registered = server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, """
                name: resumable
                parameters:
                  STANDIN_SLEEP: {type: int, default: 0}
                  STANDIN_EXIT: {type: int, default: 0}
                  STANDIN_SUMMARY_FROM: {type: string, default: none}
                storage: {root: ./lake, format: delta}
                sources:
                  a: {format: csv, path: ./data/a}
                  b: {format: csv, path: ./data/b}
                datasets:
                  bronze.a: {from: a}
                  bronze.b: {from: b}
                  gold.c: {sql: "SELECT * FROM bronze.a JOIN bronze.b USING (id)"}
                """);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFailedRunResumesWithOnlyWhatItDidNotFinishItsParametersAndLogicalTime() throws Exception {
        String failed = run("{\"parameters\": {\"STANDIN_EXIT\": 1, \"STANDIN_SLEEP\": 2, \"STANDIN_SUMMARY_FROM\": "
                + Json.write(summary.toString()) + "}}");
        JsonNode original = server.awaitRun(failed, status("failed"), Duration.ofSeconds(30));
        assertThat(attempts(original))
                .as("each dataset's attempts and the messages of the failed ones, in the run's record")
                .containsExactly(
                        "bronze.a 2 [Cannot read source path /in/a: it does not exist]",
                        "bronze.b 3 [Cannot read source path /in/b: it does not exist, Cannot read source path /in/b:"
                                + " it does not exist]",
                        "gold.c 0 []");

        HttpResponse<String> resumed = server.postJson("/api/v1/runs/" + failed + "/resume", ADMIN_TOKEN, null);

        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
        JsonNode queued = json(resumed);
        String resume = queued.get("run_id").asText();
        assertThat(resume).isNotEqualTo(failed);
        assertThat(queued.get("resumed_from").asText()).isEqualTo(failed);
        assertThat(queued.get("only").asText())
                .as("the failed dataset and the one not built because of it, not the one that succeeded")
                .isEqualTo("bronze.b gold.c");
        assertThat(queued.get("parameters"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("STANDIN_EXIT", "STANDIN_SLEEP", "STANDIN_SUMMARY_FROM");
        assertThat(column(resume, "logical_time"))
                .as("the original run's logical time: its start, as it was given none")
                .isEqualTo(column(failed, "started_at"));

        HttpResponse<String> twice = server.postJson("/api/v1/runs/" + failed + "/resume", ADMIN_TOKEN, null);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json(twice).toString()).contains("run " + failed + " is already being resumed by run " + resume);
        HttpResponse<String> going = server.postJson("/api/v1/runs/" + resume + "/resume", ADMIN_TOKEN, null);
        assertThat(going.statusCode()).isEqualTo(409);
        assertThat(json(going).toString())
                .containsPattern("run " + resume + " is still (queued|running): only a run that ended can be resumed");

        server.awaitRun(resume, status("failed"), Duration.ofSeconds(30));
        String log = server.get("/api/v1/runs/" + resume + "/logs", ADMIN_TOKEN).body();
        assertThat(log)
                .as("the engine gets the datasets as --only, and the original's parameters")
                .contains("--only=bronze.b gold.c")
                .contains("--param=STANDIN_EXIT=1")
                .contains("--param=STANDIN_SLEEP=2");
    }

    @Test
    void refusesAnUnknownRunASucceededOneAndACallerWithoutTheOperatorRole() throws Exception {
        HttpResponse<String> unknown = server.postJson("/api/v1/runs/run_nope/resume", ADMIN_TOKEN, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no run 'run_nope'");

        String succeeded = run("{}");
        server.awaitRun(succeeded, status("succeeded"), Duration.ofSeconds(30));
        HttpResponse<String> nothing = server.postJson("/api/v1/runs/" + succeeded + "/resume", ADMIN_TOKEN, null);
        assertThat(nothing.statusCode()).isEqualTo(409);
        assertThat(json(nothing).toString())
                .contains("run " + succeeded + " succeeded: every dataset of it is committed, so there is nothing to"
                        + " resume")
                .contains("POST /api/v1/pipelines/resumable/runs");

        String viewer = server.key("viewer");
        HttpResponse<String> denied = server.postJson("/api/v1/runs/" + succeeded + "/resume", viewer, null);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("this needs the operator role on pipeline 'resumable'");

        List<String> audited = new ArrayList<>();
        for (JsonNode e : json(server.get("/api/v1/audit?limit=500", ADMIN_TOKEN))) {
            if (e.get("action").asText().equals("POST /api/v1/runs/{id}/resume")
                    && e.get("target").asText().equals("/api/v1/runs/" + succeeded + "/resume")) {
                audited.add(e.get("result").asText() + " " + e.get("status").asInt());
            }
        }
        assertThat(audited).containsExactlyInAnyOrder("failed 409", "denied 403");
    }

    private static String run(String body) {
        HttpResponse<String> queued = server.postJson("/api/v1/pipelines/resumable/runs", ADMIN_TOKEN, body);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return json(queued).get("run_id").asText();
    }

    private static List<String> attempts(JsonNode run) {
        List<String> attempts = new ArrayList<>();
        for (JsonNode d : run.get("datasets")) {
            List<String> failed = new ArrayList<>();
            d.get("failed_attempts").forEach(m -> failed.add(m.asText()));
            attempts.add(d.get("dataset").asText() + " " + d.get("attempts").asInt() + " " + failed);
        }
        return attempts;
    }

    private static OffsetDateTime column(String runId, String column) {
        return server.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT " + column + " FROM runs WHERE id = :id")
                        .bind("id", runId)
                        .mapTo(OffsetDateTime.class)
                        .one());
    }
}
