package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata run} and {@code strata sql} as a user types them: exit codes, summary, JSON output. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCommandIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    /** What one CLI invocation printed and returned. */
    record Outcome(int exitCode, String out, String err) {}

    @BeforeAll
    static void copyExample() throws IOException {
        TestFiles.copyTree(EXAMPLE.resolve("data"), work.resolve("data"));
        Files.copy(EXAMPLE.resolve("pipeline.yaml"), work.resolve("pipeline.yaml"));
    }

    static synchronized Outcome strata(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int code = StrataCommand.execute(args);
            return new Outcome(
                    code, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    @Order(1)
    void runPrintsTheSummaryAndWritesTheJsonOutcome() throws IOException {
        Path summary = work.resolve("out/summary.json");
        Outcome run = strata(
                "run",
                work.resolve("pipeline.yaml").toString(),
                "--master",
                "local[2]",
                "--run-id",
                "cli-1",
                "--summary-json",
                summary.toString(),
                "--no-progress");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Running retail (run cli-1) on local[2]")
                .containsPattern("silver\\.orders\\s+SUCCEEDED\\s+195\\s+180\\s+9\\s+6\\s+1/4 passed")
                .contains("not_null(order_id): 4 of 189 rows broke it and were quarantined")
                .contains("Run cli-1 SUCCEEDED")
                .as("--no-progress: result lines only")
                .doesNotContain("reading", "datasets done");
        JsonNode json = JSON.readTree(summary.toFile());
        assertThat(json.get("run_id").asText()).isEqualTo("cli-1");
        assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode silver = json.get("datasets").get(2);
        assertThat(silver.get("dataset").asText()).isEqualTo("silver.orders");
        assertThat(silver.get("rows_in").asLong()).isEqualTo(195);
        assertThat(silver.get("rows_written").asLong()).isEqualTo(180);
        assertThat(silver.get("rows_quarantined").asLong()).isEqualTo(9);
        assertThat(silver.get("rows_dropped").asLong()).isEqualTo(6);
        JsonNode regex = silver.get("rules").get(1);
        assertThat(regex.get("name").asText()).isEqualTo("regex(email)");
        assertThat(regex.get("passed").asLong()).isEqualTo(184);
        assertThat(regex.get("failed").asLong()).isEqualTo(5);
    }

    @Test
    @Order(2)
    void sqlPrintsOneJsonArrayOfRowObjects() throws IOException {
        Outcome sql = strata(
                "sql",
                work.resolve("pipeline.yaml").toString(),
                "--master",
                "local[2]",
                "--format",
                "json",
                "SELECT tier, orders FROM gold.revenue_by_tier WHERE tier IN ('gold', 'unknown') ORDER BY tier");

        assertThat(sql.exitCode()).as(sql.err()).isZero();
        JsonNode rows = JSON.readTree(sql.out());
        assertThat(rows.isArray()).isTrue();
        List<String> tiers = new ArrayList<>();
        rows.forEach(r -> tiers.add(r.get("tier").asText()));
        assertThat(tiers).containsExactly("gold", "unknown");
        assertThat(rows.get(0).get("orders").asLong()).isPositive();
    }

    @Test
    @Order(3)
    void sqlReadsQuarantineTablesAsCsv() {
        Outcome sql = strata(
                "sql",
                work.resolve("pipeline.yaml").toString(),
                "--master",
                "local[2]",
                "--format",
                "csv",
                "SELECT order_id, _reason FROM bronze.orders__quarantine ORDER BY order_id LIMIT 2");

        assertThat(sql.exitCode()).as(sql.err()).isZero();
        assertThat(sql.out())
                .isEqualTo("order_id,_reason\n"
                        + "O000046,\"amount: cannot parse 'abc' as decimal(12,2)\"\n"
                        + "O000074,ordered_at: cannot parse 'yesterday' as timestamp\n");
    }

    @Test
    @Order(4)
    void aFailRuleFailsTheDatasetSkipsDownstreamAndExitsOne() throws IOException {
        Path failing = work.resolve("failing.yaml");
        Files.writeString(
                failing,
                "name: failing\n"
                        + "storage: {root: ./failing-lakehouse}\n"
                        + "sources:\n"
                        + "  orders_raw: {format: csv, path: data/orders/, options: {header: \"true\"}}\n"
                        + "datasets:\n"
                        + "  bronze.orders: {from: orders_raw}\n"
                        + "  silver.orders:\n"
                        + "    from: bronze.orders\n"
                        + "    expect: [{rule: row_count, min: 1000, on_fail: fail}]\n"
                        + "  gold.count: {sql: \"SELECT count(*) AS n FROM silver.orders\"}\n",
                StandardCharsets.UTF_8);
        Path summary = work.resolve("failing.json");

        Outcome run = strata("run", failing.toString(), "--master", "local[2]", "--summary-json", summary.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("silver.orders: row_count: 200 rows written, expected >= 1000")
                .contains("gold.count: not built: upstream silver.orders failed")
                .contains("FAILED")
                .as("not on a terminal: a plain line per phase, without the rule-failed dataset's writing")
                .containsPattern("\n\\[1/3] bronze\\.orders: reading \\| 0 of 3 datasets done, \\d+s elapsed\n")
                .containsPattern("\n\\[1/3] bronze\\.orders: committing( \\([0-9,]+ rows read[^)]*\\))? \\|")
                .containsPattern("\n\\[2/3] silver\\.orders: checking( \\([^)]*\\))? \\| 1 of 3 datasets done")
                .doesNotContain("[2/3] silver.orders: writing", "[3/3] gold.count:", "\r", "\u001b");
        JsonNode json = JSON.readTree(summary.toFile());
        assertThat(json.get("status").asText()).isEqualTo("FAILED");
        List<String> statuses = new ArrayList<>();
        json.get("datasets").forEach(d -> statuses.add(d.get("status").asText()));
        assertThat(statuses).containsExactly("SUCCEEDED", "FAILED", "UPSTREAM_FAILED");
    }

    @Test
    @Order(5)
    void anEncryptionKeyMissingFromTheKeyStoreExitsTwoBeforeSparkStarts() throws IOException {
        Path encrypted = work.resolve("encrypted.yaml");
        Files.writeString(
                encrypted,
                "name: encrypted\n"
                        + "sources:\n"
                        + "  orders_raw: {format: csv, path: data/orders/}\n"
                        + "datasets:\n"
                        + "  bronze.orders:\n"
                        + "    from: orders_raw\n"
                        + "    encrypt: {columns: [email], key: no_such_key}\n",
                StandardCharsets.UTF_8);

        Outcome run = strata("run", encrypted.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(encrypted + ":7:38: datasets.bronze.orders.encrypt.key: key 'no_such_key' does not exist in ")
                .contains("(create it with strata keys create no_such_key")
                .doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("Running");
    }

    @Test
    @Order(6)
    void anInvalidFileExitsTwoWithLocatedProblems() throws IOException {
        Path invalid = work.resolve("invalid.yaml");
        Files.writeString(
                invalid,
                "name: bad\ndatasets:\n  silver.orders:\n    from: bronze.nowhere\n    write: {mode: upsert}\n",
                StandardCharsets.UTF_8);

        Outcome run = strata("run", invalid.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(invalid + ":5:19: datasets.silver.orders.write.mode:")
                .doesNotContain("\tat ");
    }

    @Test
    @Order(7)
    void maintainCompactsEveryTableAndKeepsItsRows() {
        String pipeline = work.resolve("pipeline.yaml").toString();
        String count = "SELECT count(*) AS n FROM silver.orders";
        Outcome before = strata("sql", pipeline, "--master", "local[2]", "--format", "csv", count);

        Outcome maintain = strata("maintain", pipeline, "--master", "local[2]", "--retention", "0h");

        assertThat(maintain.exitCode()).as(maintain.err()).isZero();
        assertThat(maintain.out().lines().filter(line -> line.contains(" ok ")))
                .extracting(line -> line.split("\\s+")[0])
                .contains("bronze.orders", "bronze.orders__quarantine", "silver.orders", "gold.daily_revenue");
        Outcome after = strata("sql", pipeline, "--master", "local[2]", "--format", "csv", count);
        assertThat(after.out()).isEqualTo(before.out()).startsWith("n\n");
    }

    @Test
    @Order(8)
    void maintainRefusesAnInvalidRetention() {
        Outcome maintain = strata("maintain", work.resolve("pipeline.yaml").toString(), "--retention", "a week");

        assertThat(maintain.exitCode()).isEqualTo(2);
        assertThat(maintain.err())
                .contains("Cannot maintain: invalid duration 'a week' (a number and a unit: s, m, h, d or w, e.g. 7d)");
    }

    @Test
    @Order(9)
    void qualityHistoryPrintsAMetricOfEachRun() {
        String pipeline = work.resolve("pipeline.yaml").toString();
        Outcome history = strata(
                "quality",
                "history",
                pipeline,
                "--dataset",
                "silver.orders",
                "--metric",
                "pass_rate(regex(email))",
                "--format",
                "csv");

        assertThat(history.exitCode()).as(history.err()).isZero();
        assertThat(history.out())
                .startsWith("run_id,recorded_at,value\n")
                .containsPattern("\ncli-1,[0-9T:.\\-]+Z," + (184.0 / 189) + "\n");

        Outcome unknown = strata("quality", "history", pipeline, "--dataset", "silver.order", "--metric", "row_count");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("--dataset: silver.order is not a dataset of pipeline.yaml (did you mean silver.orders?)")
                .doesNotContain("\tat ");
    }

    @Test
    @Order(10)
    void qualityReportWritesAnOfflinePageAndItsJsonTwin() throws IOException {
        Path html = work.resolve("report/quality.html");
        Outcome report = strata(
                "quality",
                "report",
                work.resolve("pipeline.yaml").toString(),
                "cli-1",
                "--output",
                html.toString(),
                "--master",
                "local[2]");

        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).startsWith("Quality report of run cli-1: SUCCEEDED (");
        String page = Files.readString(html);
        assertThat(page)
                .contains("regex(email)")
                .contains("showing 9 of 9 quarantined rows from <code>silver.orders__quarantine</code>")
                .contains("broke regex(email)")
                .doesNotContain("src=\"http")
                .doesNotContain("href=\"http");
        JsonNode json = JSON.readTree(work.resolve("report/quality.json").toFile());
        assertThat(json.get("run_id").asText()).isEqualTo("cli-1");
        assertThat(json.get("datasets")
                        .get(2)
                        .get("quarantine")
                        .get("total_rows")
                        .asLong())
                .isEqualTo(9);
    }
}
