package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.store.MetadataStore;
import dev.strata.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/quality.md's "Ratios, spread and subset checks", run as written on six orders: every rule measured
 * in the pass that writes the batch (the grouping aside), judged, and its value recorded in a real metadata store.
 */
class RuleKindsRunIT {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String DATABASE =
            "strata_rulekinds_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String MARKER = "<!-- example: run by RuleKindsRunIT -->";
    private static MetadataStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        store = MetadataStore.open(
                StoreSettings.external("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", null));
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        store.close();
        try (Connection c = DriverManager.getConnection(ADMIN_URL);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** The YAML block after the marker in docs/quality.md (the tests run in strata-cli). */
    private static String docsExample() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "quality.md"), StandardCharsets.UTF_8);
        int marker = docs.indexOf(MARKER);
        assertThat(marker).as("docs/quality.md has the example").isPositive();
        int start = docs.indexOf("```yaml\n", marker) + "```yaml\n".length();
        return docs.substring(start, docs.indexOf("```", start));
    }

    private void csv(String folder, String header, String... lines) throws Exception {
        Files.createDirectories(dir.resolve(folder));
        Files.writeString(
                dir.resolve(folder).resolve("part.csv"),
                header + "\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void theDocsExampleMeasuresJudgesAndRecordsEveryNewRuleKind() throws Exception {
        csv("customers", "customer_id", "c1", "c2", "c3", "c4");
        // c1 twice, c2..c4 and the unknown c9 once: amounts 10 .. 60.
        csv("orders", "id,customer_id,amount", "1,c1,10", "2,c1,20", "3,c2,30", "4,c3,40", "5,c4,50", "6,c9,60");
        String name = "kinds_" + UUID.randomUUID().toString().substring(0, 6);
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: " + name + "\n"
                        + "sources:\n"
                        + "  customers_raw: {format: csv, path: customers/, options: {header: \"true\"}}\n"
                        + "  orders_raw: {format: csv, path: orders/, options: {header: \"true\"},"
                        + " schema: \"id INT, customer_id STRING, amount DOUBLE\"}\n"
                        + "datasets:\n"
                        + "  silver.customers:\n"
                        + "    from: customers_raw\n"
                        + "    write: {mode: overwrite}\n"
                        + docsExample(),
                StandardCharsets.UTF_8);
        PipelineRunner runner =
                new PipelineRunner(SharedSpark.session(), PipelineLoader.load(file), RunListener.NONE, store.metrics());

        RunResult result = runner.run("run-1", null, 0);

        DatasetResult orders = result.datasets().get(1);
        assertThat(orders.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(orders.rowsWritten()).isEqualTo(6);
        assertThat(runner.observationFallbacks())
                .as("percentile_approx and HLL++ are observed beside the write")
                .isZero();
        Map<String, RuleResult> rules =
                orders.rules().stream().collect(Collectors.toMap(RuleResult::name, Function.identity()));
        assertThat(rules.values())
                .as("every rule of the example holds on these rows")
                .allSatisfy(r ->
                        assertThat(r.status()).as(r.name() + ": " + r.message()).isEqualTo(RuleStatus.PASSED));
        // Counts per customer: 2, 1, 1, 1, 1 over 6 rows.
        assertThat(rules.get("uniqueness(customer_id)").value()).isEqualTo(4.0 / 6);
        assertThat(rules.get("distinctness(customer_id)").value()).isEqualTo(5.0 / 6);
        assertThat(rules.get("unique_value_ratio(customer_id)").value()).isEqualTo(4.0 / 5);
        assertThat(rules.get("entropy(customer_id)").value())
                .isCloseTo(Math.log(6) - 2 * Math.log(2) / 6, Offset.offset(1e-12));
        // Amounts 10 .. 60: mean 35, M2 = 1750.
        assertThat(rules.get("variance(amount)").value()).isCloseTo(1750.0 / 5, Offset.offset(1e-9));
        assertThat(rules.get("stddev(amount)").value()).isCloseTo(Math.sqrt(1750.0 / 5), Offset.offset(1e-9));
        assertThat(rules.get("approx_quantile(amount)").value()).isEqualTo(30.0);
        assertThat(rules.get("approx_count_distinct(customer_id)").value()).isEqualTo(5.0);
        RuleResult references = rules.get("references(customer_id)");
        assertThat(references.failed()).as("c9").isEqualTo(1);
        assertThat(references.value()).as("subset ratio, judged by min alone").isEqualTo(5.0 / 6);
        assertThat(rules.get("anomaly(value(uniqueness(customer_id)))").message())
                .contains("not enough history");

        DatasetMetrics recorded = store.metrics().run(name, "run-1").stream()
                .filter(m -> m.dataset().equals("silver.orders"))
                .findFirst()
                .orElseThrow();
        Map<String, Double> values = recorded.metrics().stream()
                .collect(Collectors.toMap(m -> m.key().toString(), MetricValue::value, (a, b) -> b, TreeMap::new));
        assertThat(values)
                .containsEntry("value(uniqueness(customer_id))", 4.0 / 6)
                .containsEntry("value(unique_value_ratio(customer_id))", 0.8)
                .containsEntry("value(approx_quantile(amount))", 30.0)
                .containsEntry("value(approx_count_distinct(customer_id))", 5.0)
                .containsEntry("subset_ratio(references(customer_id))", 5.0 / 6);
    }
}
