package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The penetration test's probes that once got through (docs/security.md), each against a real server on the machine's
 * PostgreSQL: request handling, input errors, symlinks, rate limits and the audit of refusals.
 */
class SecurityProbesIT {
    private static final String JWT_SECRET = "probe-jwt-secret-0123456789abcdef0123456789";

    @TempDir
    static Path root;

    static TestServer server;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                root,
                Map.of(
                        "STRATA_JWT_SECRET", JWT_SECRET,
                        "STRATA_RATE_LIMIT", "off",
                        "STRATA_RATE_LIMIT_ANONYMOUS", "off",
                        // The server's own environment: none of it may reach a run but what the allow-list names.
                        "SERVER_ONLY_CANARY", "server-only-3b9c1d",
                        "JAVA_TOOL_OPTIONS", "-Dcanary=java-tool-options",
                        "AWS_REGION", "eu-west-1",
                        "STRATA_RUN_ENV", "AWS_REGION"));
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("orders"))
                        .statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One endpoint of the role matrix: who may call it, and whether it concerns one pipeline ({@code orders}). */
    private record Probe(String method, String path, String body, String role, boolean onePipeline) {}

    @Test
    void everyEndpointAllowsItsRoleAndRefusesEveryoneElse() throws Exception {
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("victim"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("payroll"))
                        .statusCode())
                .isEqualTo(201);
        String runId = json(server.postJson("/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{}"))
                .get("run_id")
                .asText();
        server.awaitRun(runId, TestServer.status("succeeded"), Duration.ofSeconds(30));
        Files.writeString(
                Files.createDirectories(server.pipelines.resolve("victim-file")).resolve("victim.yaml"),
                pipelineYaml("victim"));
        String revocable = json(server.postJson(
                        "/api/v1/api-keys", ADMIN_TOKEN, "{\"name\": \"r\", \"role\": \"viewer\"}"))
                .get("id")
                .asText();
        List<Probe> probes = List.of(
                new Probe(
                        "POST", "/api/v1/pipelines/run", "{\"config_path\": \"orders/none.yaml\"}", "operator", false),
                new Probe("GET", "/api/v1/pipelines/status/" + runId, null, "viewer", true),
                new Probe("GET", "/api/v1/quality/metrics/" + runId, null, "viewer", true),
                new Probe("POST", "/api/v1/pipelines", pipelineYaml("orders"), "editor", true),
                new Probe("GET", "/api/v1/pipelines", null, "viewer", false),
                new Probe("GET", "/api/v1/pipelines/orders", null, "viewer", true),
                new Probe("PUT", "/api/v1/pipelines/orders", pipelineYaml("orders"), "editor", true),
                new Probe("DELETE", "/api/v1/pipelines/victim", null, "editor", true),
                new Probe("GET", "/api/v1/pipelines/orders/versions", null, "viewer", true),
                new Probe("POST", "/api/v1/pipelines/orders/runs", "{\"only\": \"no.such+\"}", "operator", true),
                new Probe("GET", "/api/v1/runs", null, "viewer", false),
                new Probe("GET", "/api/v1/runs/" + runId, null, "viewer", true),
                new Probe("POST", "/api/v1/runs/" + runId + "/cancel", null, "operator", true),
                new Probe("GET", "/api/v1/runs/" + runId + "/logs", null, "viewer", true),
                new Probe("GET", "/api/v1/datasets/bronze.orders/metrics?pipeline=orders", null, "viewer", true),
                new Probe("POST", "/api/v1/api-keys", "{\"name\": \"m\", \"role\": \"admin\"}", "admin", false),
                new Probe("GET", "/api/v1/api-keys", null, "admin", false),
                new Probe("DELETE", "/api/v1/api-keys/" + revocable, null, "admin", false),
                new Probe(
                        "PUT",
                        "/api/v1/role-bindings",
                        "{\"principal\": \"jwt:x\", \"pipeline\": \"orders\", \"role\": \"viewer\"}",
                        "admin",
                        false),
                new Probe("GET", "/api/v1/audit", null, "admin", false),
                new Probe("GET", "/api/v1/audit/verify", null, "admin", false));
        List<String> roles = List.of("viewer", "operator", "editor", "admin");
        Map<String, String> principals = new java.util.LinkedHashMap<>();
        principals.put("anonymous", null);
        principals.put("forged key", "stk_forged0000000000000000000000000000000000");
        principals.put("forged jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.");
        for (String role : roles) {
            principals.put(role, server.key(role));
        }
        principals.put("scoped editor of payroll", server.key("editor", "payroll"));

        List<String> wrong = new ArrayList<>();
        for (Probe probe : probes) {
            for (Map.Entry<String, String> principal : principals.entrySet()) {
                String who = principal.getKey();
                String contentType = probe.body() == null
                        ? null
                        : probe.body().startsWith("{") ? "application/json" : "application/yaml";
                int status = server.call(probe.method(), probe.path(), principal.getValue(), contentType, probe.body())
                        .statusCode();
                String expected;
                if (principal.getValue() == null || who.startsWith("forged")) {
                    expected = "401";
                } else if (who.startsWith("scoped")) {
                    // It sees payroll only: orders is as missing as a pipeline that does not exist, and where a
                    // request may create a pipeline (POST, PUT), naming one it may not edit is a 403 either way.
                    boolean creates = probe.method().equals("PUT")
                            || probe.method().equals("POST") && probe.path().equals("/api/v1/pipelines");
                    expected = probe.role().equals("admin") || creates ? "403" : probe.onePipeline() ? "404" : "ok";
                } else {
                    expected = roles.indexOf(who) >= roles.indexOf(probe.role()) ? "ok" : "403";
                }
                boolean matches = expected.equals("ok")
                        ? status < 500 && status != 401 && status != 403 && status != 429
                        : status == Integer.parseInt(expected);
                if (!matches) {
                    wrong.add(probe.method() + " " + probe.path() + " as " + who + ": " + status + ", expected "
                            + expected);
                }
            }
        }
        assertThat(wrong).as("%d probes", probes.size() * principals.size()).isEmpty();
    }

    @Test
    void anAdminVerifiesTheAuditChainWhileTheServerRuns() {
        HttpResponse<String> verified = server.get("/api/v1/audit/verify", ADMIN_TOKEN);

        assertThat(verified.statusCode()).isEqualTo(200);
        JsonNode chain = json(verified);
        assertThat(chain.get("intact").asBoolean()).as(verified.body()).isTrue();
        assertThat(chain.get("rows").asLong()).isPositive();
        assertThat(chain.get("last_hash").asText()).hasSize(64);
        assertThat(chain.get("broken_at").isNull()).isTrue();
    }

    @Test
    void aRunTakesOnlyTheParametersItsPipelineDeclares() throws Exception {
        for (String name :
                List.of("BASH_ENV", "PATH", "LD_PRELOAD", "JAVA_TOOL_OPTIONS", "strata_db_url", "PGPASSWORD")) {
            HttpResponse<String> refused = server.postJson(
                    "/api/v1/pipelines/orders/runs",
                    ADMIN_TOKEN,
                    "{\"parameters\": {\"" + name + "\": \"$(id > owned.txt)\"}}");
            assertThat(refused.statusCode()).as(name).isEqualTo(400);
            assertThat(json(refused).get("detail").asText())
                    .as(name)
                    .startsWith("Cannot run pipeline with these parameters: parameters." + name + ": not declared");
        }
        HttpResponse<String> wrongType = server.postJson(
                "/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{\"parameters\": {\"STANDIN_SLEEP\": \"soon\"}}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(wrongType).get("detail").asText()).contains("parameters.STANDIN_SLEEP: 'soon' is not");

        HttpResponse<String> queued = server.postJson(
                "/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{\"parameters\": {\"STANDIN_SLEEP\": \"0\"}}");
        assertThat(queued.statusCode()).isEqualTo(202);
        String runId = json(queued).get("run_id").asText();
        server.awaitRun(runId, TestServer.status("succeeded"), Duration.ofSeconds(30));
        String log = server.get("/api/v1/runs/" + runId + "/logs", ADMIN_TOKEN).body();
        assertThat(log)
                .as("a parameter is an option of the engine, not its environment")
                .contains("--param=STANDIN_SLEEP=0")
                .contains("--restricted")
                .contains("--allowed-root=" + server.pipelines.resolve("orders"))
                .doesNotContain("server-only-3b9c1d")
                .doesNotContain("java-tool-options")
                .doesNotContain(TestServer.ADMIN_TOKEN)
                .doesNotContain(JWT_SECRET);
        List<String> names = new ArrayList<>();
        boolean inEnvironment = false;
        for (String line : log.split("\n")) {
            if (line.equals("environment:")) {
                inEnvironment = true;
            } else if (inEnvironment && line.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                names.add(line.substring(0, line.indexOf('=')));
            }
        }
        // bash itself sets PWD, SHLVL and _, and the stand-in exports its --param values.
        names.removeAll(List.of("PWD", "SHLVL", "_", "OLDPWD", "STANDIN_SLEEP"));
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "PATH",
                        "STRATA_HOME",
                        "SPARK_LOCAL_IP",
                        "STRATA_DB_URL",
                        "STRATA_DB_USER",
                        "STRATA_DB_PASSWORD",
                        "STRATA_DB_RUN_TOKEN",
                        "AWS_REGION",
                        "STRATA_RUN_ENV");
    }

    @Test
    void sqlInRequestValuesIsOnlyEverAValue() {
        String viewer = server.key("viewer", "payroll");
        String quote = java.net.URLEncoder.encode("' OR '1'='1", StandardCharsets.UTF_8);
        String drop = java.net.URLEncoder.encode("x'; DROP TABLE runs; --", StandardCharsets.UTF_8);

        HttpResponse<String> everyPipeline = server.get("/api/v1/runs?pipeline=" + quote, viewer);
        assertThat(everyPipeline.statusCode()).isEqualTo(200);
        assertThat(json(everyPipeline).get("runs")).isEmpty();
        assertThat(server.get("/api/v1/runs?cursor=" + drop, ADMIN_TOKEN).statusCode())
                .isLessThan(500);
        assertThat(server.get("/api/v1/datasets/" + drop + "/metrics?metric=" + quote, ADMIN_TOKEN)
                        .statusCode())
                .isIn(400, 404);
        assertThat(server.get(
                                "/api/v1/audit?before="
                                        + java.net.URLEncoder.encode("1 OR 1=1", StandardCharsets.UTF_8),
                                ADMIN_TOKEN)
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.get("/api/v1/runs", ADMIN_TOKEN).statusCode())
                .as("the runs table is still there")
                .isEqualTo(200);
    }

    @Test
    void aViewerIsRefusedBeforeThePipelineIsRead() {
        String viewer = server.key("viewer");
        // Not YAML at all: were it parsed first, the answer would be a 400 about the YAML.
        HttpResponse<String> refused = server.postYaml("/api/v1/pipelines", viewer, "name: [unclosed\n");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("detail").asText()).isEqualTo("this needs the editor role on a pipeline");
        HttpResponse<String> runByFile =
                server.postJson("/api/v1/pipelines/run", viewer, "{\"config_path\": \"missing.yaml\"}");
        assertThat(runByFile.statusCode()).isEqualTo(403);
    }

    @Test
    void aChunkedBodyPastTheLimitIsRefused() throws Exception {
        byte[] body = ("{\"yaml\": \"" + "a".repeat(RequestBodies.PIPELINE_LIMIT + 10) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        // An input stream of unknown length is sent chunked: no Content-Length to refuse it by.
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port + "/api/v1/pipelines"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("detail").asText())
                .isEqualTo("the request body is larger than " + RequestBodies.PIPELINE_LIMIT + " bytes");
    }

    @Test
    void aJsonBodyPastItsLimitIsRefusedByItsDeclaredLength() {
        String body = "{\"only\": \"" + "x".repeat(RequestBodies.JSON_LIMIT) + "\"}";

        HttpResponse<String> response = server.postJson("/api/v1/pipelines/orders/runs", ADMIN_TOKEN, body);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aYamlBombIsRefusedWithItsReason() {
        // Every YAML bound has its own unit test (YamlLimitsTest); this one goes through the API.
        String yaml = "name: bomb\ndeep: " + "[".repeat(1_000) + "]".repeat(1_000)
                + "\ndatasets: {bronze.a: {sql: select 1}}\n";

        HttpResponse<String> response = server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, yaml);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Nesting Depth exceeded max 40");
    }

    @Test
    void duplicateJsonKeysAreRefusedNotResolvedByOrder() {
        HttpResponse<String> response = server.postJson(
                "/api/v1/api-keys", ADMIN_TOKEN, "{\"name\": \"dup\", \"role\": \"viewer\", \"role\": \"admin\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText()).contains("Duplicate field 'role'");
    }

    @Test
    void deeplyNestedJsonIsA400NotA500() {
        String body = "{\"a\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        HttpResponse<String> response = server.postJson("/api/v1/api-keys", ADMIN_TOKEN, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText())
                .isEqualTo("the body is not valid JSON: Depth (33) exceeds the maximum allowed nesting depth (32)");
    }

    @Test
    void aKeyScopeThatIsNotAListIsRefusedRatherThanUnscoped() {
        HttpResponse<String> asText = server.postJson(
                "/api/v1/api-keys", ADMIN_TOKEN, "{\"name\": \"k\", \"role\": \"viewer\", \"pipelines\": \"orders\"}");
        HttpResponse<String> empty = server.postJson(
                "/api/v1/api-keys", ADMIN_TOKEN, "{\"name\": \"k\", \"role\": \"viewer\", \"pipelines\": []}");
        HttpResponse<String> notNames = server.postJson(
                "/api/v1/api-keys",
                ADMIN_TOKEN,
                "{\"name\": \"k\", \"role\": \"viewer\", \"pipelines\": [{\"a\": 1}]}");

        assertThat(List.of(asText.statusCode(), empty.statusCode(), notNames.statusCode()))
                .containsExactly(400, 400, 400);
        assertThat(json(asText).get("detail").asText())
                .isEqualTo("pipelines must be a non-empty list of pipeline names");
        JsonNode keys = json(server.get("/api/v1/api-keys", ADMIN_TOKEN));
        for (JsonNode key : keys) {
            assertThat(key.get("name").asText()).as("no key was created").isNotEqualTo("k");
        }
    }

    @Test
    void aConfigPathWithANulByteIsA400() {
        HttpResponse<String> response =
                server.postJson("/api/v1/pipelines/run", ADMIN_TOKEN, "{\"config_path\": \"orders\\u0000.yaml\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText())
                .isEqualTo("config_path must be a file path without control characters");
    }

    @Test
    void aSymlinkOutOfThePipelinesDirectoryIsNotFollowed() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("evil.yaml"), pipelineYaml("evil"));
        Files.createSymbolicLink(server.pipelines.resolve("linked.yaml"), outside.resolve("evil.yaml"));
        Files.createSymbolicLink(server.pipelines.resolve("linked-dir"), outside);

        HttpResponse<String> viaFile =
                server.postJson("/api/v1/pipelines/run", ADMIN_TOKEN, "{\"config_path\": \"linked.yaml\"}");
        HttpResponse<String> viaFolder =
                server.postJson("/api/v1/pipelines/run", ADMIN_TOKEN, "{\"config_path\": \"linked-dir/evil.yaml\"}");

        assertThat(List.of(viaFile.statusCode(), viaFolder.statusCode())).containsExactly(400, 400);
        assertThat(json(viaFile).get("detail").asText())
                .isEqualTo("config_path must name a file under the pipelines directory");
        assertThat(server.get("/api/v1/pipelines/evil", ADMIN_TOKEN).statusCode())
                .as("nothing was registered")
                .isEqualTo(404);
    }

    @Test
    void aPipelineCannotShareAnotherPipelinesFolder() throws IOException {
        // A file in the pipelines directory itself would make its folder contain every posted pipeline's folder.
        Files.writeString(server.pipelines.resolve("umbrella.yaml"), pipelineYaml("umbrella"));

        HttpResponse<String> refused =
                server.postJson("/api/v1/pipelines/run", ADMIN_TOKEN, "{\"config_path\": \"umbrella.yaml\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("detail").asText())
                .isEqualTo("Cannot register pipeline 'umbrella' in " + server.pipelines.toRealPath()
                        + ": another pipeline's folder lies inside it or contains it, and a run may read and write its"
                        + " own pipeline's folder only");
        JsonNode orders = json(server.get("/api/v1/pipelines/orders", ADMIN_TOKEN));
        assertThat(orders.get("base_dir").asText())
                .as("a posted pipeline gets a folder of its own")
                .isEqualTo(server.pipelines.resolve("orders").toString());
    }

    @Test
    void aRefusedJwtIsAuditedWithTheSubjectItClaimed() throws Exception {
        SignedJWT forged = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject("mallory")
                        .claim("role", "admin")
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                        .build());
        forged.sign(new MACSigner("not-the-server-secret-0123456789abcdef0123456789"));

        HttpResponse<String> refused =
                server.postYaml("/api/v1/pipelines", forged.serialize(), pipelineYaml("forged_by_mallory"));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(auditRows("/api/v1/pipelines", "unauthenticated"))
                .extracting(row -> row.get("principal").asText())
                .contains("jwt:mallory (unverified)");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("/health", "/api/v1/pipelines", "/api/v1/nothing-here")) {
            HttpResponse<String> response = server.get(path, ADMIN_TOKEN);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .hasValue("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
        }
        assertThat(server.get("/api/v1/pipelines", ADMIN_TOKEN).headers().firstValue("Cache-Control"))
                .hasValue("no-store");
        HttpResponse<String> swagger = server.get("/swagger", null);
        assertThat(swagger.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'self'; script-src 'self' 'sha256-")
                .doesNotContain("unsafe-eval");
    }

    @Test
    void theServerListensOnThisMachineOnlyUnlessTold() {
        ServerMain.Serve serve = new ServerMain.Serve();
        new picocli.CommandLine(serve).parseArgs();

        assertThat(serve.host).isEqualTo("127.0.0.1");
    }

    @Test
    void aPrincipalOverItsRateIsToldWhenToComeBack() throws Exception {
        try (TestServer limited = TestServer.start(
                root.resolve("limited"), Map.of("STRATA_RATE_LIMIT", "2/3", "STRATA_RATE_LIMIT_ANONYMOUS", "2/3"))) {
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 6; i++) {
                last = limited.get("/api/v1/pipelines", ADMIN_TOKEN);
                statuses.add(last.statusCode());
            }
            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(statuses).contains(429);
            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(last).get("code").asText()).isEqualTo("too_many_requests");

            // Bad tokens from one address, each claiming another identity: a few 401s, then 429s, whose audit is
            // aggregated past 10 identities an outcome a minute.
            List<Integer> guesses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                guesses.add(limited.postYaml("/api/v1/pipelines", "stk_guess" + i, pipelineYaml("x"))
                        .statusCode());
            }
            assertThat(guesses.subList(0, 3)).containsOnly(401);
            assertThat(guesses.subList(10, 30)).containsOnly(429);
            Thread.sleep(1_100);
            JsonNode audit = json(limited.get("/api/v1/audit?limit=500", ADMIN_TOKEN));
            long refusalRows = 0;
            for (JsonNode row : audit) {
                if (row.get("target").asText().equals("/api/v1/pipelines")
                        && !row.get("result").asText().equals("allowed")) {
                    refusalRows++;
                }
            }
            assertThat(refusalRows)
                    .as("3 refusals, and 10 of the 27 throttled identities plus one shared row, not 30")
                    .isEqualTo(3 + AuditTrail.MAX_IDENTITIES + 1);
        }
    }

    private List<JsonNode> auditRows(String target, String result) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : json(server.get("/api/v1/audit?limit=500", ADMIN_TOKEN))) {
            if (row.get("target").asText().equals(target)
                    && row.get("result").asText().equals(result)) {
                rows.add(row);
            }
        }
        return rows;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("the server closed the connection instead of answering", e);
        }
    }
}
