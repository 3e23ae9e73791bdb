package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.pipelineYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.quality.report.QuarantineSample;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over HTTP, on a real server and store (runs start the stand-in engine): sign-in and its cookie, what
 * each role is shown and may post, CSRF and origin checks, the audit of the console's posts, and escaping. The same
 * journeys in a real browser, on the real engine, are strata-cli's ConsoleBrowserIT.
 */
class ConsoleIT {
    @TempDir
    static Path root;

    static TestServer server;
    static String viewer;
    static String operator;
    static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(root, Map.of());
        String yaml = pipelineYaml("orders")
                + "    description: \"<script>alert('x')</script> orders & more\"\n"
                + "    columns: {id: \"the order's <b>id</b>\"}\n"
                + "  silver.orders:\n"
                + "    from: bronze.orders\n"
                + "    write: {mode: merge, keys: [id]}\n"
                + "    expect:\n"
                + "      - {rule: not_null, column: id, on_fail: quarantine}\n";
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, yaml).statusCode())
                .isEqualTo(201);
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml("payroll"))
                        .statusCode())
                .isEqualTo(201);
        String triggered =
                pipelineYaml("invoices") + "triggers:\n  - dataset: {pipeline: orders, name: silver.orders}\n";
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, triggered).statusCode())
                .isEqualTo(201);
        viewer = server.key("viewer", "orders");
        operator = server.key("operator");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPageWithoutSignInRedirectsToTheSignInPageAndComesBack() throws Exception {
        HttpResponse<String> page = send("GET", "/console/runs?state=failed", null, null, null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValue("/console/login?next="
                        + URLEncoder.encode("/console/runs?state=failed", StandardCharsets.UTF_8));

        HttpResponse<String> signedIn = send(
                "POST",
                "/console/login",
                null,
                null,
                "token=" + viewer + "&next=" + URLEncoder.encode("/console/runs?state=failed", StandardCharsets.UTF_8));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/console/runs?state=failed");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("strata_console=" + viewer)
                .contains("Path=/console")
                .contains("HttpOnly")
                .contains("Secure")
                .containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void anUnknownKeyIsRefusedWithoutSayingWhyAndTheNextTargetStaysOnTheConsole() throws Exception {
        HttpResponse<String> refused = send("POST", "/console/login", null, null, "token=stk_not-a-key&next=/console");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body())
                .contains("That key or token was not accepted")
                .doesNotContain("stk_not-a-key");
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> elsewhere = send(
                "POST",
                "/console/login",
                null,
                null,
                "token=" + viewer + "&next=" + URLEncoder.encode("//evil.example/x", StandardCharsets.UTF_8));
        assertThat(elsewhere.headers().firstValue("Location")).hasValue("/console");
        for (String next :
                new String[] {"/console/../api/v1/audit", "/console/%2E%2E/api/v1/audit", "https://evil.example/console"
                }) {
            HttpResponse<String> outside = send(
                    "POST",
                    "/console/login",
                    null,
                    null,
                    "token=" + viewer + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            assertThat(outside.headers().firstValue("Location")).as(next).hasValue("/console");
        }
    }

    @Test
    void aViewerSeesOnlyTheirPipelineAndNoRunControls() throws Exception {
        String cookie = signIn(viewer);
        HttpResponse<String> list = send("GET", "/console", cookie, null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(list.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(list.body())
                .contains("data-pipeline=\"orders\"")
                .doesNotContain("payroll")
                .doesNotContain("nav-audit");

        HttpResponse<String> pipeline = send("GET", "/console/pipelines/orders", cookie, null, null);
        assertThat(pipeline.statusCode()).isEqualTo(200);
        assertThat(pipeline.body())
                .contains("data-dataset=\"bronze.orders\"")
                .contains("data-dataset=\"silver.orders\"")
                .doesNotContain("run-now");
        assertThat(send("GET", "/console/pipelines/payroll", cookie, null, null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/console/audit", cookie, null, null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void whatTheYamlSaysIsEscaped() throws Exception {
        String cookie = signIn(viewer);
        HttpResponse<String> dataset =
                send("GET", "/console/pipelines/orders/datasets/bronze.orders", cookie, null, null);
        assertThat(dataset.statusCode()).isEqualTo(200);
        assertThat(dataset.body())
                .contains("&lt;script&gt;alert('x')&lt;/script&gt; orders &amp; more")
                .contains("the order's &lt;b&gt;id&lt;/b&gt;")
                .doesNotContain("<script>alert");
    }

    @Test
    void aDatasetPageLinksThePipelinesItsCommitsTrigger() throws Exception {
        String admin = signIn(ADMIN_TOKEN);
        HttpResponse<String> silver =
                send("GET", "/console/pipelines/orders/datasets/silver.orders", admin, null, null);
        assertThat(silver.body())
                .contains("<a href=\"/console/pipelines/invoices\">invoices (triggered by this dataset)</a>")
                .contains("<a href=\"/console/pipelines/orders/datasets/bronze.orders\">bronze.orders</a>");
        HttpResponse<String> invoices =
                send("GET", "/console/pipelines/invoices/datasets/bronze.invoices", admin, null, null);
        assertThat(invoices.body())
                .contains(
                        "<a href=\"/console/pipelines/orders/datasets/silver.orders\">orders / silver.orders (triggers this pipeline)</a>");
        String scoped = signIn(viewer);
        assertThat(send("GET", "/console/pipelines/orders/datasets/silver.orders", scoped, null, null)
                        .body())
                .as("a pipeline the viewer may not see is not named")
                .doesNotContain("invoices");
    }

    @Test
    void anAdminReadsTheAuditLog() throws Exception {
        send("POST", "/console/login", null, null, "token=stk_audited-attempt");
        HttpResponse<String> audit = send("GET", "/console/audit", signIn(ADMIN_TOKEN), null, null);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body())
                .contains("id=\"nav-audit\"")
                .contains("<td>POST /console/login</td>")
                .contains("data-result=\"unauthenticated\"")
                .doesNotContain("stk_audited-attempt");
    }

    @Test
    void aForgedOrUnauthorizedPostIsRefusedAndAudited() throws Exception {
        JsonNode run = TestServer.json(server.postJson(
                "/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{\"parameters\": {\"STANDIN_SLEEP\": 30}}"));
        String runId = run.get("run_id").asText();
        String cookie = signIn(viewer);
        String csrf =
                csrf(send("GET", "/console/runs/" + runId, cookie, null, null).body());

        HttpResponse<String> forged = send("POST", "/console/runs/" + runId + "/cancel", cookie, null, "");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF token");
        HttpResponse<String> otherSite =
                send("POST", "/console/runs/" + runId + "/cancel", cookie, "https://evil.example", "csrf=" + csrf);
        assertThat(otherSite.statusCode()).isEqualTo(403);
        HttpResponse<String> notAllowed =
                send("POST", "/console/runs/" + runId + "/cancel", cookie, null, "csrf=" + csrf);
        assertThat(notAllowed.statusCode()).isEqualTo(403);
        assertThat(notAllowed.body()).contains("this needs the operator role on pipeline 'orders'");

        assertThat(TestServer.json(server.get("/api/v1/runs/" + runId, ADMIN_TOKEN))
                        .get("cancel_requested")
                        .asBoolean())
                .isFalse();
        // The first of the refusals is written at once; the audit trail counts repeats of it within the minute.
        JsonNode audit = TestServer.json(server.get("/api/v1/audit?limit=50", ADMIN_TOKEN));
        List<String> refusals = new ArrayList<>();
        for (JsonNode entry : audit) {
            if (entry.get("action").asText().equals("POST /console/runs/{id}/cancel")) {
                refusals.add(
                        entry.get("result").asText() + " " + entry.get("status").asInt() + " "
                                + entry.get("target").asText());
            }
        }
        assertThat(refusals).as("audit: " + audit).contains("denied 403 /console/runs/" + runId + "/cancel");
        server.postJson("/api/v1/runs/" + runId + "/cancel", ADMIN_TOKEN, "{}");
    }

    @Test
    void aRunsQualityReportIsASandboxedPageWithTheSampleTheViewersRoleSees() throws Exception {
        String runId = TestServer.json(server.postJson("/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{}"))
                .get("run_id")
                .asText();
        server.awaitRun(runId, TestServer.status("succeeded"), Duration.ofSeconds(30));
        // As the engine stores them for a dataset whose access: policy masks a column for viewers.
        recordSample(runId, "default", "ann@example.com");
        recordSample(runId, "viewer", "<img src=x onerror=alert(1)>");
        String cookie = signIn(viewer);
        assertThat(send("GET", "/console/runs/" + runId, cookie, null, null).body())
                .contains("<a href=\"/console/runs/" + runId + "/report\" id=\"quality-report\">");

        HttpResponse<String> report = send("GET", "/console/runs/" + runId + "/report", cookie, null, null);
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("sandbox allow-scripts;")
                .contains("script-src 'unsafe-inline'")
                .doesNotContain("allow-same-origin")
                .doesNotContain("connect-src");
        assertThat(report.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(report.body())
                .contains("Quality report")
                .contains(runId)
                .contains("not_null(id)")
                .contains("row_count 10 is outside 80.0 .. 120.0")
                .contains("bronze.orders__quarantine")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<img src=x")
                .doesNotContain("ann@example.com");

        String admin = signIn(ADMIN_TOKEN);
        assertThat(send("GET", "/console/runs/" + runId + "/report", admin, null, null)
                        .body())
                .as("a role without a sample of its own sees the default one")
                .contains("ann@example.com");

        String payrollRun = TestServer.json(server.postJson("/api/v1/pipelines/payroll/runs", ADMIN_TOKEN, "{}"))
                .get("run_id")
                .asText();
        assertThat(send("GET", "/console/runs/" + payrollRun + "/report", cookie, null, null)
                        .statusCode())
                .as("a run of a pipeline the viewer cannot see")
                .isEqualTo(404);
        String sleeping = TestServer.json(server.postJson(
                        "/api/v1/pipelines/orders/runs", ADMIN_TOKEN, "{\"parameters\": {\"STANDIN_SLEEP\": 30}}"))
                .get("run_id")
                .asText();
        HttpResponse<String> early = send("GET", "/console/runs/" + sleeping + "/report", cookie, null, null);
        assertThat(early.statusCode()).isEqualTo(404);
        assertThat(early.body()).contains("has no quality report yet").contains("the report is made when it ends");
        assertThat(send("GET", "/console/runs/" + sleeping, cookie, null, null).body())
                .doesNotContain("quality-report");
        server.postJson("/api/v1/runs/" + sleeping + "/cancel", ADMIN_TOKEN, "{}");
    }

    @Test
    void anOperatorStartsARunFromThePipelinePageAndCancelsIt() throws Exception {
        String cookie = signIn(operator);
        HttpResponse<String> page = send("GET", "/console/pipelines/orders", cookie, null, null);
        assertThat(page.body()).contains("id=\"run-now\"");
        HttpResponse<String> started = send(
                "POST",
                "/console/pipelines/orders/runs",
                cookie,
                "http://127.0.0.1:" + server.port,
                "csrf=" + csrf(page.body()));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/console/runs/");
        String runId = location.substring("/console/runs/".length());
        JsonNode run = TestServer.json(server.get("/api/v1/runs/" + runId, ADMIN_TOKEN));
        assertThat(run.get("pipeline").asText()).isEqualTo("orders");
        assertThat(run.get("submitted_by").asText()).isNotEqualTo("admin-token");
    }

    /** One quarantined row of bronze.orders, with this e-mail value, as run {@code runId} stored it for {@code role}. */
    private static void recordSample(String runId, String role, String email) {
        QuarantineSample sample = new QuarantineSample(
                "bronze.orders__quarantine",
                List.of("id", "email", "_reason"),
                List.of(Arrays.asList(null, email, "not_null(id)")),
                1);
        assertThat(server.store.tables().recordSample(runId, "bronze.orders", role, sample))
                .isTrue();
    }

    private static String signIn(String key) throws Exception {
        HttpResponse<String> signedIn = send("POST", "/console/login", null, null, "token=" + key);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static String csrf(String page) {
        Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("a form with a CSRF token in:\n" + page).isTrue();
        return matcher.group(1);
    }

    static HttpResponse<String> send(String method, String path, String cookie, String origin, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
