package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring files under {@code monitoring/}: Prometheus config and alert rules pass promtool (and their unit
 * tests), and every metric a dashboard panel or an alert queries is one the server really exports.
 */
class MonitoringIT {
    private static final Path MONITORING =
            Path.of("..", "monitoring").toAbsolutePath().normalize();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset");

    @TempDir
    static Path root;

    static TestServer server;
    static Set<String> exported;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(root, Map.of());
        String yaml = TestServer.pipelineYaml("scheduled") + "schedule: \"0 2 * * 1-5\"\n";
        assertThat(server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, yaml).statusCode())
                .isEqualTo(201);
        String ok = json(server.postJson("/api/v1/pipelines/scheduled/runs", ADMIN_TOKEN, "{}"))
                .get("run_id")
                .asText();
        String failed = json(server.postJson(
                        "/api/v1/pipelines/scheduled/runs", ADMIN_TOKEN, "{\"parameters\": {\"STANDIN_EXIT\": \"1\"}}"))
                .get("run_id")
                .asText();
        server.awaitRun(ok, status("succeeded"), Duration.ofSeconds(30));
        server.awaitRun(failed, status("failed"), Duration.ofSeconds(30));
        exported = new TreeSet<>();
        for (String line : server.get("/metrics", null).body().split("\n")) {
            Matcher name = IDENTIFIER.matcher(line);
            if (!line.startsWith("#") && name.lookingAt()) {
                exported.add(name.group());
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theServerExportsEveryMetricTheIssueNames() {
        assertThat(exported)
                .contains(
                        "strata_pipeline_execution_seconds_bucket",
                        "strata_records_total",
                        "strata_quality_score",
                        "strata_runs_failed_total",
                        "strata_runs_finished_total",
                        "strata_runs",
                        "strata_queue_depth",
                        "strata_anomalies_total",
                        "strata_last_success_timestamp_seconds",
                        "strata_pipeline_expected_interval_seconds",
                        "jvm_memory_used_bytes",
                        "process_cpu_usage");
        assertThat(server.get("/metrics", null).body())
                .as("weekdays at 02:00: the longest gap is Friday to Monday")
                .contains("strata_pipeline_expected_interval_seconds{pipeline=\"scheduled\"} 259200");
    }

    @Test
    void everyDashboardPanelQueriesMetricsTheServerExports() throws IOException {
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(MONITORING.resolve("dashboards"))) {
            dashboards =
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(2);
        ObjectMapper json = new ObjectMapper();
        for (Path dashboard : dashboards) {
            JsonNode panels = json.readTree(dashboard.toFile()).get("panels");
            assertThat(panels).as(dashboard.toString()).isNotEmpty();
            for (JsonNode panel : panels) {
                assertThat(panel.get("targets"))
                        .as(dashboard + ": " + panel.get("title"))
                        .isNotEmpty();
                for (JsonNode target : panel.get("targets")) {
                    String expr = target.get("expr").asText();
                    assertThat(metricNames(expr))
                            .as(dashboard.getFileName() + " panel '"
                                    + panel.get("title").asText() + "': " + expr)
                            .isNotEmpty()
                            .isSubsetOf(exported);
                }
            }
        }
    }

    @Test
    void everyAlertQueriesMetricsTheServerExports() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(MONITORING.resolve("prometheus/alerts.yml").toFile());
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
                String expr = rule.get("expr").asText();
                assertThat(metricNames(expr))
                        .as(rule.get("alert") + ": " + expr)
                        .isSubsetOf(exported);
            }
        }
        assertThat(alerts)
                .containsExactly(
                        "StrataRunFailed",
                        "StrataQualityScoreDrop",
                        "StrataAnomalyDetected",
                        "StrataNoRecentSuccess",
                        "StrataQueueGrowing");
    }

    @Test
    void theQueryReaderFindsMetricNamesOnly() {
        assertThat(
                        metricNames(
                                "histogram_quantile(0.95, sum by (le, pipeline) (rate(strata_x_bucket{pipeline=~\"$p\"}[1h])))"))
                .containsExactly("strata_x_bucket");
        assertThat(metricNames("(time() - a_seconds) > on (pipeline) (1.5 * b_seconds)"))
                .containsExactly("a_seconds", "b_seconds");
        assertThat(metricNames("strata_queue_depth > 5 and deriv(strata_queue_depth[15m]) > 0"))
                .containsExactly("strata_queue_depth");
        Set<String> unknown = metricNames("sum(rate(no_such_metric_total[5m]))");
        assertThat(unknown).containsExactly("no_such_metric_total");
        assertThat(exported).doesNotContainAnyElementsOf(unknown);
    }

    @Test
    void promtoolAcceptsTheConfigAndTheRulesAndTheirTestsPass() throws Exception {
        Path prometheus = MONITORING.resolve("prometheus");
        assertThat(promtool(prometheus, "check", "config", "prometheus.yml")).contains("SUCCESS");
        assertThat(promtool(prometheus, "check", "rules", "alerts.yml")).contains("SUCCESS: 5 rules found");
        assertThat(promtool(prometheus, "test", "rules", "alerts_test.yml")).contains("SUCCESS");
    }

    /** The metric names a PromQL expression reads: identifiers outside label matchers, ranges and strings. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < bare.length() && bare.charAt(after) == ' ') {
                after++;
            }
            boolean function = after < bare.length() && bare.charAt(after) == '(';
            boolean aggregationWithClause = bare.substring(after).matches("^(by|without)\\b.*");
            if (!function && !aggregationWithClause && !PROMQL_WORDS.contains(word) && !word.matches("[0-9].*")) {
                names.add(word);
            }
        }
        return names;
    }

    private static String promtool(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return fail("promtool is not installed: install Debian's package prometheus (bash .ci/run does)");
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return fail("promtool " + String.join(" ", args) + " did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
