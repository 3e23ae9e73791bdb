package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunJson;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of rule on a small batch, judged in the pass that writes it, with the metrics recorded in a real metadata
 * store (the machine's PostgreSQL, a database of its own) and the history anomaly rules compare with. In strata-cli,
 * which has both the engine and the store; in the engine's package, for {@code DatasetBuilder}'s observation counter.
 */
class QualityRulesIT {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String DATABASE =
            "strata_quality_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static MetadataStore store;

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

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

    private Pipeline pipeline(String yaml) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    private void csv(String folder, String name, String header, String... lines) throws Exception {
        Files.createDirectories(dir.resolve(folder));
        Files.writeString(
                dir.resolve(folder).resolve(name),
                header + "\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    private RunResult run(Pipeline pipeline, String runId) {
        return runner(pipeline).run(runId, null, 0);
    }

    private PipelineRunner runner(Pipeline pipeline) {
        return new PipelineRunner(spark, pipeline, RunListener.NONE, store.metrics());
    }

    private static Map<String, RuleResult> rules(DatasetResult result) {
        return result.rules().stream().collect(Collectors.toMap(RuleResult::name, Function.identity()));
    }

    private static Map<String, Double> metrics(DatasetMetrics recorded) {
        return recorded.metrics().stream()
                .collect(Collectors.toMap(m -> m.key().toString(), MetricValue::value, (a, b) -> b, TreeMap::new));
    }

    @Test
    void everyRuleKindIsJudgedAndFailingRowsAreQuarantinedWithAllTheirReasons() throws Exception {
        String header = "id,code,status,qty,customer_id,email,amount,ordered_at";
        csv("customers", "c.csv", "customer_id", "c1", "c2");
        csv(
                "items",
                "i.csv",
                header,
                "1,ab,open,3,c1,a@x.com,10.0,2026-11-20 10:00:00",
                "2,abc,open,4,c2,,20.0,2026-11-21 10:00:00",
                "3,a,open,x,c1,b@x.com,30.0,2026-11-22 10:00:00", // code too short; qty not an int (warn)
                "4,ab,deleted,1,c9,c@x.com,40.0,2026-11-23 10:00:00", // forbidden status and unknown customer
                ",ab,open,2,c1,d@x.com,50.0,2026-11-24 10:00:00", // no id
                "5,ab,open,2,c2,e@x.com,60.0,2026-11-25 10:00:00",
                "5,abcd,open,2,,f@x.com,70.0,2026-11-25 11:00:00"); // id repeated; code too long; no customer
        Pipeline pipeline =
                pipeline("name: quality_" + UUID.randomUUID().toString().substring(0, 6) + "\n"
                        + "sources:\n"
                        + "  customers_raw: {format: csv, path: customers/, options: {header: \"true\"}}\n"
                        + "  items_raw: {format: csv, path: items/, options: {header: \"true\"},"
                        + " schema: \"id INT, code STRING, status STRING, qty STRING, customer_id STRING, email STRING,"
                        + " amount DOUBLE, ordered_at TIMESTAMP\"}\n"
                        + "datasets:\n"
                        + "  silver.customers:\n"
                        + "    from: customers_raw\n"
                        + "    write: {mode: overwrite}\n"
                        + "  silver.items:\n"
                        + "    from: items_raw\n"
                        + "    expect:\n"
                        + "      - {rule: not_null, column: id, on_fail: quarantine}\n"
                        + "      - {rule: not_in_set, column: status, values: [deleted], on_fail: quarantine}\n"
                        + "      - {rule: length, column: code, min: 2, max: 3, on_fail: quarantine}\n"
                        + "      - {rule: type, column: qty, type: int}\n"
                        + "      - {rule: references, column: customer_id, references: silver.customers.customer_id,"
                        + " on_fail: quarantine}\n"
                        + "      - {rule: unique, column: id, warn_if: 'failed_count > 5'}\n"
                        + "      - {rule: completeness, column: email, min: 0.9}\n"
                        + "      - {rule: mean, column: amount, min: 10, max: 30}\n"
                        + "      - {rule: freshness, column: ordered_at, max_age: 3650d}\n"
                        + "      - {rule: aggregate, name: revenue, expression: \"sum(amount)\", min: 1000}\n"
                        + "      - {rule: aggregate, name: repeat_customers, expression:"
                        + " \"count(DISTINCT customer_id) / count(customer_id)\", max: 0.5}\n"
                        + "      - {rule: distinct_count, column: status, max: 1}\n"
                        + "      - {rule: row_count, min: 1}\n"
                        + "    write: {mode: append}\n");

        PipelineRunner runner = runner(pipeline);
        RunResult result = runner.run("run-1", null, 0);

        DatasetResult items = result.datasets().get(1);
        assertThat(items.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(items.rowsIn()).isEqualTo(7);
        assertThat(items.rowsQuarantined())
                .as("rows 3, 4, no id, and the second 5")
                .isEqualTo(4);
        assertThat(items.rowsWritten()).isEqualTo(3);
        assertThat(items.rowsConserved()).isTrue();
        assertThat(runner.observationFallbacks())
                .as("metrics came with the write")
                .isZero();

        Map<String, RuleResult> rules = rules(items);
        assertThat(rules.get("type(qty)").failed()).isEqualTo(1);
        assertThat(rules.get("type(qty)").status()).isEqualTo(RuleStatus.WARNED);
        assertThat(rules.get("references(customer_id)").failed())
                .as("c9 and NULL")
                .isEqualTo(2);
        assertThat(rules.get("unique(id)").failed()).isEqualTo(2);
        assertThat(rules.get("unique(id)").status())
                .as("warn_if failed_count > 5 replaces mostly")
                .isEqualTo(RuleStatus.PASSED);
        // Whole-batch rules describe the three rows written: ids 1, 2 and 5 (amounts 10, 20, 60).
        assertThat(rules.get("completeness(email)").value()).isEqualTo(2.0 / 3);
        assertThat(rules.get("completeness(email)").status()).isEqualTo(RuleStatus.WARNED);
        assertThat(rules.get("mean(amount)").value()).isEqualTo(30.0);
        assertThat(rules.get("mean(amount)").status()).isEqualTo(RuleStatus.PASSED);
        assertThat(rules.get("freshness(ordered_at)").status()).isEqualTo(RuleStatus.PASSED);
        assertThat(rules.get("revenue").value()).isEqualTo(90.0);
        assertThat(rules.get("revenue").message()).isEqualTo("revenue: measured 90, expected >= 1000");
        assertThat(rules.get("repeat_customers").value())
                .as("an aggregate over DISTINCT values, which Spark cannot observe beside the write: c1, c2, c2")
                .isEqualTo(2.0 / 3);
        assertThat(rules.get("repeat_customers").status()).isEqualTo(RuleStatus.WARNED);
        assertThat(rules.get("distinct_count(status)").value()).isEqualTo(1.0);
        assertThat(rules.get("row_count").value()).isEqualTo(3.0);

        Map<Object, String> reasons = spark
                .read()
                .format("delta")
                .load(dir.resolve("lakehouse/silver/items__quarantine").toString())
                .collectAsList()
                .stream()
                .collect(Collectors.toMap(
                        r -> String.valueOf(r.<Object>getAs("id")) + "/" + r.getAs("code"),
                        r -> String.join(" + ", r.<String>getList(r.fieldIndex("_failed_rules")))));
        assertThat(reasons)
                .containsOnly(
                        // A warn rule is listed too: _failed_rules names every rule the row broke.
                        Map.entry("3/a", "length(code) + type(qty)"),
                        Map.entry("4/ab", "not_in_set(status) + references(customer_id)"),
                        Map.entry("null/ab", "not_null(id)"),
                        Map.entry("5/abcd", "length(code) + references(customer_id) + unique(id)"));

        List<DatasetMetrics> recorded = store.metrics().run(pipeline.spec().name(), "run-1");
        DatasetMetrics itemMetrics = recorded.stream()
                .filter(m -> m.dataset().equals("silver.items"))
                .findFirst()
                .orElseThrow();
        Map<String, Double> values = metrics(itemMetrics);
        assertThat(values)
                .containsEntry("rows_in", 7.0)
                .containsEntry("row_count", 3.0)
                .containsEntry("rows_quarantined", 4.0)
                .containsEntry("completeness(email)", 2.0 / 3)
                .containsEntry("null_count(email)", 1.0)
                .containsEntry("min(amount)", 10.0)
                .containsEntry("max(amount)", 60.0)
                .containsEntry("sum(amount)", 90.0)
                .containsEntry("pass_rate(not_null(id))", 6.0 / 7)
                .containsEntry("failed_count(references(customer_id))", 2.0)
                // Deequ's uniqueness and distinctness over the 6 rows with an id: 1, 2, 3, 4 once, 5 twice.
                .containsEntry("uniqueness(id)", 4.0 / 6)
                .containsEntry("distinctness(id)", 5.0 / 6)
                .containsEntry("value(revenue)", 90.0);
        assertThat(values.get("stddev(amount)"))
                .isCloseTo(
                        Math.sqrt(((20 * 20) + (10 * 10) + (30 * 30)) / 3.0),
                        org.assertj.core.data.Offset.offset(1e-9));
        assertThat(itemMetrics.rules()).extracting(RuleResult::name).startsWith("not_null(id)", "not_in_set(status)");
    }

    @Test
    void anomalyRulesCompareWithTheRecordedHistory() throws Exception {
        String name = "anomaly_" + UUID.randomUUID().toString().substring(0, 6);
        Pipeline pipeline = pipeline("name: " + name + "\n"
                + "sources:\n"
                + "  raw: {format: csv, path: in/, options: {header: \"true\"}, schema: \"id INT\"}\n"
                + "datasets:\n"
                + "  bronze.events:\n"
                + "    from: raw\n"
                + "    expect:\n"
                + "      - {rule: anomaly, metric: row_count, strategy: relative_rate_of_change, max_increase: 2.0}\n"
                + "      - {rule: row_count, max_change_pct: 50}\n"
                + "    write: {mode: append}\n");
        csv("in", "1.csv", "id", "1", "2");
        DatasetResult first = run(pipeline, "a-1").datasets().get(0);
        assertThat(rules(first).get("anomaly(row_count)").message())
                .isEqualTo("row_count 2: not enough history: 0 of 1 past runs");

        csv("in", "2.csv", "id", "3", "4", "5", "6", "7", "8", "9");
        DatasetResult second = run(pipeline, "a-2").datasets().get(0);
        RuleResult anomaly = rules(second).get("anomaly(row_count)");
        assertThat(anomaly.status()).isEqualTo(RuleStatus.WARNED);
        assertThat(anomaly.value()).isEqualTo(7.0);
        assertThat(anomaly.expected()).isEqualTo("<= 2.0x the previous value 2 (4)");
        RuleResult change = rules(second).get("row_count");
        assertThat(change.status()).isEqualTo(RuleStatus.WARNED);
        assertThat(change.message())
                .isEqualTo("row_count: 7 rows written, expected within 50% of the previous run's 2 (1 .. 3)");
        assertThat(second.status()).as("warnings write the batch").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.metrics().history(name, "bronze.events", MetricKey.of("row_count"), 10, null))
                .extracting(p -> p.runId() + "=" + p.value())
                .containsExactly("a-1=2.0", "a-2=7.0");
    }

    @Test
    void aFailingWholeBatchRuleWritesNothing() throws Exception {
        csv("in", "1.csv", "id,amount", "1,10", "2,2000");
        Pipeline pipeline = pipeline("name: blocking\n"
                + "sources:\n"
                + "  raw: {format: csv, path: in/, options: {header: \"true\"}, schema: \"id INT, amount INT\"}\n"
                + "datasets:\n"
                + "  bronze.orders:\n"
                + "    from: raw\n"
                + "    expect:\n"
                + "      - {rule: max, column: amount, max: 1000, on_fail: fail}\n"
                + "    write: {mode: append}\n");
        DatasetResult result = run(pipeline, "b-1").datasets().get(0);
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.message())
                .isEqualTo("Cannot write bronze.orders: max(amount): measured 2000, expected <= 1000 (nothing was"
                        + " written; fix the data or relax the rule, then re-run)");
        assertThat(Files.exists(dir.resolve("lakehouse/bronze/orders"))).isFalse();
    }

    @Test
    void rulesKeepTheirOwnNamesAndNullsALargeColumnReadsBackAndTheSummaryCarriesEveryValue() throws Exception {
        String name = "semantics_" + UUID.randomUUID().toString().substring(0, 6);
        // big: 1..4 x 10^11, so the M2 of its mean (5 x 10^22) is no long.
        csv(
                "in",
                "1.csv",
                "id,big,country",
                "1,100000000000,DE",
                "2,200000000000,",
                "3,300000000000,FR",
                "4,400000000000,");
        Pipeline pipeline = pipeline("name: " + name + "\n"
                + "sources:\n"
                + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
                + " schema: \"id INT, big BIGINT, country STRING\"}\n"
                + "datasets:\n"
                + "  bronze.m:\n"
                + "    from: raw\n"
                + "    expect:\n"
                + "      - {rule: mean, column: big, min: 0}\n"
                + "      - {rule: completeness, column: country, min: 0.4}\n"
                + "      - {rule: completeness, column: country, min: 0.6, where: \"id <= 3\"}\n"
                + "      - {rule: in_set, column: country, values: [DE], nulls: ignore}\n"
                + "      - {rule: unique, column: id}\n"
                + "    write: {mode: append}\n");

        RunResult run = run(pipeline, "s-1");

        DatasetResult dataset = run.datasets().get(0);
        assertThat(dataset.status()).as(dataset.message()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, RuleResult> rules = rules(dataset);
        assertThat(rules.get("completeness(country) [min: 0.4]").value()).isEqualTo(0.5);
        assertThat(rules.get("completeness(country) [where: id <= 3, min: 0.6]").value())
                .isEqualTo(2.0 / 3);
        RuleResult inSet = rules.get("in_set(country)");
        assertThat(inSet.checked())
                .as("nulls: ignore leaves the two NULL countries out")
                .isEqualTo(2);
        assertThat(inSet.failed()).isEqualTo(1);

        JsonNode summary = RunJson.mapper().readTree(RunJson.mapper().writeValueAsString(run));
        Map<String, JsonNode> byName = new TreeMap<>();
        summary.path("datasets")
                .get(0)
                .path("rules")
                .forEach(r -> byName.put(r.path("name").asText(), r));
        assertThat(byName.get("in_set(country)").path("pass_fraction").asDouble())
                .isEqualTo(0.5);
        assertThat(byName.get("in_set(country)").path("value").asDouble()).isEqualTo(0.5);
        assertThat(byName.get("unique(id)").path("value").asDouble())
                .as("uniqueness")
                .isEqualTo(1.0);
        assertThat(byName.get("mean(big)").path("value").asDouble()).isEqualTo(2.5e11);
        assertThat(byName.get("mean(big)").path("pass_fraction").asDouble()).isEqualTo(1.0);

        DatasetMetrics stored = store.metrics().run(name, "s-1").get(0);
        MetricValue mean = stored.metrics().stream()
                .filter(m -> m.key().equals(MetricKey.of("mean", "big")))
                .findFirst()
                .orElseThrow();
        assertThat(mean.value()).isEqualTo(2.5e11);
        assertThat(mean.state()).as("read back from the store").containsEntry("n", 4L);
        assertThat(((Number) mean.state().get("m2")).doubleValue())
                .as("M2, the sum of squared deviations, far past a long")
                .isCloseTo(5.0e22, Percentage.withPercentage(1e-9));
    }
}
