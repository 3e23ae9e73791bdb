package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's resources, auth, roles and audit, against a real server and the machine's PostgreSQL. */
class ServerApiIT {
    @TempDir
    static Path root;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(root, Map.of());
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("orders"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("payroll"))
                        .statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rootEndpointsNeedNoToken() {
        assertThat(server.get("/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = server.get("/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("ready");
        HttpResponse<String> metrics = server.get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("strata_queue_depth", "jvm_memory_used_bytes", "strata_runs{state=\"queued\"}");
        JsonNode openapi = json(server.get("/openapi", null));
        assertThat(openapi.get("openapi").asText()).startsWith("3.");
        assertThat(openapi.get("paths").has("/api/v1/pipelines/run")).isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteAndNoOther() {
        Set<String> documented = new TreeSet<>();
        JsonNode paths = json(server.get("/openapi", null)).get("paths");
        paths.fieldNames()
                .forEachRemaining(path -> paths.get(path)
                        .fieldNames()
                        .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(documented).isEqualTo(new TreeSet<>(server.server.endpoints()));
    }

    @Test
    void swaggerUiLoadsFromThisServer() {
        HttpResponse<String> page = server.get("/swagger", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("url: '/openapi'");
        Matcher assets = Pattern.compile("(?:href|src)=\"(/webjars/[^\"]+)\"").matcher(page.body());
        int found = 0;
        while (assets.find()) {
            found++;
            assertThat(server.get(assets.group(1), null).statusCode())
                    .as(assets.group(1))
                    .isEqualTo(200);
        }
        assertThat(found).as("the stylesheet and the script").isEqualTo(2);
    }

    @Test
    void everyApiCallNeedsAValidToken() {
        HttpResponse<String> none = server.get("/api/v1/pipelines", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(none).get("code").asText()).isEqualTo("unauthorized");
        assertThat(server.get("/api/v1/pipelines", "stk_not-a-real-key").statusCode())
                .isEqualTo(401);
        assertThat(server.get("/api/v1/pipelines", "something-else").statusCode())
                .isEqualTo(401);
        HttpResponse<String> basic = server.call("GET", "/api/v1/runs", null, null, null);
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void rolesAllowWhatTheyNameAndNothingMore() {
        String viewer = server.key("viewer");
        String operator = server.key("operator");
        String editor = server.key("editor");

        assertThat(server.get("/api/v1/pipelines", viewer).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/pipelines/orders", viewer).statusCode()).isEqualTo(200);
        assertThat(server.postYaml("/api/v1/pipelines", viewer, pipelineYaml("viewer_made"))
                        .statusCode())
                .as("a viewer may not register")
                .isEqualTo(403);
        assertThat(server.postJson("/api/v1/pipelines/orders/runs", viewer, "{}")
                        .statusCode())
                .as("a viewer may not run")
                .isEqualTo(403);

        assertThat(server.postYaml("/api/v1/pipelines", operator, pipelineYaml("operator_made"))
                        .statusCode())
                .as("an operator may not register")
                .isEqualTo(403);
        HttpResponse<String> run = server.postJson("/api/v1/pipelines/orders/runs", operator, "{}");
        assertThat(run.statusCode()).as("an operator may run").isEqualTo(202);
        assertThat(server.call("DELETE", "/api/v1/pipelines/orders", operator, null, null)
                        .statusCode())
                .isEqualTo(403);

        assertThat(server.postYaml("/api/v1/pipelines", editor, pipelineYaml("editor_made"))
                        .statusCode())
                .as("an editor may register")
                .isEqualTo(201);
        assertThat(server.postJson("/api/v1/api-keys", editor, "{\"name\": \"x\", \"role\": \"admin\"}")
                        .statusCode())
                .as("only an admin makes keys")
                .isEqualTo(403);
        assertThat(server.get("/api/v1/audit", editor).statusCode())
                .as("only an admin reads the audit log")
                .isEqualTo(403);
        assertThat(server.get("/api/v1/audit", ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void aScopedKeyCannotTellWhetherAnotherPipelineExists() {
        String scoped = server.key("operator", "orders");
        assertThat(server.get("/api/v1/pipelines/orders", scoped).statusCode()).isEqualTo(200);
        HttpResponse<String> hidden = server.get("/api/v1/pipelines/payroll", scoped);
        HttpResponse<String> missing = server.get("/api/v1/pipelines/no_such_pipeline", scoped);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(hidden).get("detail").asText())
                .isEqualTo(json(missing).get("detail").asText().replace("no_such_pipeline", "payroll"));
        assertThat(server.postJson("/api/v1/pipelines/payroll/runs", scoped, "{}")
                        .statusCode())
                .isEqualTo(404);

        List<String> listed = new ArrayList<>();
        json(server.get("/api/v1/pipelines", scoped))
                .forEach(p -> listed.add(p.get("name").asText()));
        assertThat(listed).containsExactly("orders");

        String payrollRun = json(server.postJson("/api/v1/pipelines/payroll/runs", ADMIN_TOKEN, "{}"))
                .get("run_id")
                .asText();
        assertThat(server.get("/api/v1/runs/" + payrollRun, scoped).statusCode())
                .isEqualTo(404);
        json(server.get("/api/v1/runs?limit=500", scoped))
                .get("runs")
                .forEach(r -> assertThat(r.get("pipeline").asText()).isEqualTo("orders"));
    }

    @Test
    void datasetMetricsNeedThePipelineOnlyWhenTheNameIsAmbiguous() {
        for (String pipeline : List.of("orders", "payroll")) {
            server.store
                    .metrics()
                    .record(new DatasetMetrics(
                            pipeline,
                            "bronze.shared",
                            "r-" + pipeline,
                            Instant.parse("2026-11-01T00:00:00Z"),
                            List.of(MetricValue.of(MetricKey.of("row_count"), pipeline.length())),
                            List.of()));
        }
        HttpResponse<String> ambiguous = server.get("/api/v1/datasets/bronze.shared/metrics", ADMIN_TOKEN);
        assertThat(ambiguous.statusCode()).isEqualTo(400);
        assertThat(json(ambiguous).get("detail").asText()).contains("orders, payroll");
        JsonNode payroll = json(
                server.get("/api/v1/datasets/bronze.shared/metrics?pipeline=payroll&metric=row_count", ADMIN_TOKEN));
        assertThat(payroll.get("metrics").get("row_count").get(0).get("value").asDouble())
                .isEqualTo(7.0);

        String scoped = server.key("viewer", "orders");
        JsonNode seen = json(server.get("/api/v1/datasets/bronze.shared/metrics", scoped));
        assertThat(seen.get("pipeline").asText())
                .as("the only one this key sees")
                .isEqualTo("orders");
        assertThat(seen.get("metrics").get("row_count").get(0).get("value").asDouble())
                .isEqualTo(6.0);
    }

    @Test
    void invalidYamlIsRefusedWithLocatedErrors() {
        HttpResponse<String> refused = server.postYaml(
                "/api/v1/pipelines", ADMIN_TOKEN, "name: broken\nstorage: {root: ./lake, format: parquet_x}\n");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = json(refused);
        assertThat(problem.get("errors")).as(refused.body()).isNotEmpty();
        assertThat(problem.get("code").asText()).isEqualTo("invalid_pipeline");
        JsonNode format = problem.get("errors").get(1);
        assertThat(format.get("line").asInt()).isEqualTo(2);
        assertThat(format.get("column").asInt()).isEqualTo(33);
        assertThat(format.get("path").asText()).isEqualTo("storage.format");
        assertThat(format.get("hint").asText()).contains("did you mean 'parquet'");
        assertThat(format.get("text").asText())
                .as("located as the CLI prints it, without the server's paths")
                .startsWith("2:33: storage.format: unknown table format 'parquet_x'");
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("missing required key 'datasets'");

        HttpResponse<String> notYaml = server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, "name: [unclosed\n");
        assertThat(notYaml.statusCode()).isEqualTo(400);
        JsonNode syntax = json(notYaml).get("errors").get(0);
        assertThat(syntax.get("message").asText()).startsWith("invalid YAML");
        assertThat(syntax.get("line").asInt())
                .as("where the unclosed list ends")
                .isEqualTo(2);

        HttpResponse<String> wrongType =
                server.call("POST", "/api/v1/pipelines", ADMIN_TOKEN, "text/plain", pipelineYaml("typed"));
        assertThat(wrongType.statusCode()).isEqualTo(415);

        HttpResponse<String> badJson = server.postJson("/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{not json");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(json(badJson).get("detail").asText()).contains("line 1");

        HttpResponse<String> badParameter = server.postJson(
                "/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{\"parameters\": {\"STRATA_DB_URL\": \"jdbc:x\"}}");
        assertThat(badParameter.statusCode()).isEqualTo(400);
        assertThat(json(badParameter).get("detail").asText()).contains("STRATA_DB_URL");
        assertThat(server.get("/api/v1/runs?status=sleeping", ADMIN_TOKEN).statusCode())
                .isEqualTo(400);
        assertThat(server.get("/api/v1/nothing-here", ADMIN_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void aPipelineKeepsEveryVersionAndNoResolvedSecret() {
        String yaml = pipelineYaml("versioned").replace("./data/versioned", "\"${DATA_DIR}/versioned\"");
        HttpResponse<String> registered = server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, yaml);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, yaml).statusCode())
                .as("the same YAML again")
                .isEqualTo(200);
        String changed = yaml + "    write: {mode: overwrite}\n";
        HttpResponse<String> replaced = server.call(
                "PUT",
                "/api/v1/pipelines/versioned",
                ADMIN_TOKEN,
                "application/json",
                Json.write(Map.of("yaml", changed)));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(json(replaced).get("version").asInt()).isEqualTo(2);
        JsonNode versions = json(server.get("/api/v1/pipelines/versioned/versions", ADMIN_TOKEN));
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("yaml").asText()).isEqualTo(changed);
        assertThat(versions.get(1).get("yaml").asText()).contains("${DATA_DIR}").isEqualTo(yaml);

        HttpResponse<String> misnamed =
                server.call("PUT", "/api/v1/pipelines/other", ADMIN_TOKEN, "application/yaml", yaml);
        assertThat(misnamed.statusCode()).isEqualTo(400);

        assertThat(server.call("DELETE", "/api/v1/pipelines/versioned", ADMIN_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(server.get("/api/v1/pipelines/versioned", ADMIN_TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void everyMutatingCallIsAuditedAndTheLogCannotBeChanged() {
        String viewer = server.key("viewer");
        server.postYaml("/api/v1/pipelines", viewer, pipelineYaml("audited"));
        server.postYaml("/api/v1/pipelines", null, pipelineYaml("audited"));
        server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("audited"));

        JsonNode entries = json(server.get("/api/v1/audit?limit=500", ADMIN_TOKEN));
        List<String> results = new ArrayList<>();
        for (JsonNode e : entries) {
            if (e.get("action").asText().equals("POST /api/v1/pipelines")
                    && e.get("target").asText().equals("/api/v1/pipelines")) {
                results.add(e.get("result").asText() + " " + e.get("status").asInt());
            }
        }
        assertThat(results).contains("denied 403", "unauthenticated 401", "allowed 201");
        JsonNode newest = entries.get(0);
        assertThat(newest.get("client").asText()).isNotEmpty();
        assertThat(newest.get("at").asText()).isNotEmpty();

        assertThatThrownBy(() -> server.database.jdbi().useHandle(h -> h.execute("UPDATE audit_log SET result = 'x'")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> server.database.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> server.database.jdbi().useHandle(h -> h.execute("TRUNCATE audit_log")))
                .hasMessageContaining("append-only");
    }

    @Test
    void keysAreShownOnceAndStoredAsHashes() {
        HttpResponse<String> created =
                server.postJson("/api/v1/api-keys", ADMIN_TOKEN, "{\"name\": \"ci\", \"role\": \"operator\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String secret = json(created).get("key").asText();
        String id = json(created).get("id").asText();
        assertThat(secret).startsWith("stk_").hasSizeGreaterThan(40);
        assertThat(server.get("/api/v1/api-keys", ADMIN_TOKEN).body())
                .contains(id)
                .doesNotContain(secret);
        Long stored = server.database
                .jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT count(*) FROM api_keys WHERE key_hash = :k OR id = :k OR name = :k")
                                .bind("k", secret)
                                .mapTo(Long.class)
                                .one());
        assertThat(stored).isZero();
        assertThat(server.get("/api/v1/runs", secret).statusCode()).isEqualTo(200);
        assertThat(server.call("DELETE", "/api/v1/api-keys/" + id, ADMIN_TOKEN, null, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(server.get("/api/v1/runs", secret).statusCode())
                .as("revoked")
                .isEqualTo(401);
        assertThat(server.postJson("/api/v1/api-keys", ADMIN_TOKEN, "{\"name\": \"x\", \"role\": \"root\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theAdminTokenAndDatabasePasswordNeverAppearInResponses() {
        for (String path :
                List.of("/api/v1/pipelines", "/api/v1/runs", "/api/v1/audit?limit=500", "/api/v1/api-keys")) {
            assertThat(server.get(path, ADMIN_TOKEN).body())
                    .as(path)
                    .doesNotContain(TestServer.ADMIN_TOKEN)
                    .doesNotContain(TestServer.DB_PASSWORD);
        }
        assertThat(server.get("/metrics", null).body()).doesNotContain(TestServer.ADMIN_TOKEN);
        assertThat(server.get("/ready", null).body()).doesNotContain(TestServer.DB_PASSWORD);
    }
}
