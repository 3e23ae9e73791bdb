package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.plan.Planner;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retail example end to end on the real Delta tables: two batches, exact counts, quarantine contents, gold values,
 * idempotent re-runs and the file ledger. Expected numbers follow from examples/retail/README.md's defect list.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetailPipelineIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");

    @TempDir
    static Path work;

    private static SparkSession spark;
    private static Pipeline pipeline;

    @BeforeAll
    static void copyExample() throws IOException {
        spark = SharedSpark.session();
        copyTree(EXAMPLE.resolve("data"), work.resolve("data"));
        Files.copy(EXAMPLE.resolve("pipeline.yaml"), work.resolve("pipeline.yaml"));
        pipeline = PipelineLoader.load(work.resolve("pipeline.yaml"));
    }

    /** Runs the pipeline, then registers its tables as `strata sql` does, so the test can query them by name. */
    private static RunResult run(String runId) {
        return run(runId, null);
    }

    private static RunResult run(String runId, String selector) {
        RunResult result = new PipelineRunner(spark, pipeline, RunListener.NONE).run(runId, selector, 0);
        new TableLocations(pipeline.spec().storage())
                .registerAll(spark, Planner.plan(pipeline.spec()).datasets());
        return result;
    }

    private static DatasetResult dataset(RunResult run, String name) {
        return run.datasets().stream()
                .filter(d -> d.dataset().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static long[] counts(DatasetResult d) {
        return new long[] {d.rowsIn(), d.rowsWritten(), d.rowsQuarantined(), d.rowsDropped()};
    }

    private static long count(String sql) {
        return spark.sql(sql).first().getLong(0);
    }

    private static long latestVersion(String table) {
        return spark.sql("DESCRIBE HISTORY " + table)
                .agg(org.apache.spark.sql.functions.max("version"))
                .first()
                .getLong(0);
    }

    private static Map<String, BigDecimal> dailyRevenue() {
        Map<String, BigDecimal> revenue = new TreeMap<>();
        for (Row row : spark.sql("SELECT CAST(order_date AS STRING), sum(revenue) FROM gold.daily_revenue GROUP BY 1")
                .collectAsList()) {
            revenue.put(row.getString(0), row.getDecimal(1).setScale(2));
        }
        return revenue;
    }

    @Test
    @Order(1)
    void firstBatchAccountsForEveryRow() {
        RunResult run = run("batch-1");

        assertThat(run.status()).as(run.datasets().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.datasets())
                .extracting(DatasetResult::dataset)
                .containsExactly(
                        "bronze.orders",
                        "bronze.customers",
                        "silver.orders",
                        "silver.customers",
                        "gold.daily_revenue",
                        "gold.revenue_by_tier");
        // in, written, quarantined, dropped
        assertThat(counts(dataset(run, "bronze.orders")))
                .as("3 bad amounts + 2 bad timestamps")
                .containsExactly(200, 195, 5, 0);
        assertThat(counts(dataset(run, "silver.orders")))
                .as("6 duplicates; 4 null keys + 5 bad emails")
                .containsExactly(195, 180, 9, 6);
        assertThat(counts(dataset(run, "bronze.customers")))
                .as("2 malformed lines + 1 bad timestamp")
                .containsExactly(50, 47, 3, 0);
        assertThat(counts(dataset(run, "silver.customers")))
                .as("3 duplicates; 2 null keys")
                .containsExactly(47, 42, 2, 3);
        assertThat(run.datasets())
                .allSatisfy(d -> assertThat(d.rowsConserved()).as(d.dataset()).isTrue());

        RuleResult between = dataset(run, "silver.orders").rules().stream()
                .filter(r -> r.name().equals("between(amount)"))
                .findFirst()
                .orElseThrow();
        assertThat(between.failed()).as("3 negative amounts").isEqualTo(3);
        assertThat(between.checked()).isEqualTo(189);
        assertThat(between.status()).as("186/189 = 98.4%% < 99%%").isEqualTo(RuleStatus.WARNED);
        assertThat(dataset(run, "gold.daily_revenue").rules())
                .extracting(r -> r.name() + " " + r.status() + ": " + r.message())
                .containsExactly(
                        "row_count PASSED: null",
                        "anomaly(row_count) PASSED: row_count 15: not enough history: 0 of 1 past runs");

        assertThat(dailyRevenue())
                .containsExactly(
                        Map.entry("2026-11-01", new BigDecimal("10114.34")),
                        Map.entry("2026-11-02", new BigDecimal("7717.89")),
                        Map.entry("2026-11-03", new BigDecimal("9779.50")),
                        Map.entry("2026-11-04", new BigDecimal("7738.84")),
                        Map.entry("2026-11-05", new BigDecimal("6621.65")));
        assertThat(count("SELECT count(*) FROM silver.orders")).isEqualTo(180);
        assertThat(count("SELECT sum(orders) FROM gold.revenue_by_tier")).isEqualTo(180);
        assertThat(spark.sharedState().cacheManager().isEmpty())
                .as("every batch the run cached is released")
                .isTrue();
    }

    @Test
    @Order(2)
    void quarantineTablesKeepTheRowsWithTheirReasons() {
        List<Row> bronze = spark.sql("SELECT order_id, _reason, _raw_record, _source_file, _failed_rules, _run_id"
                        + " FROM bronze.orders__quarantine ORDER BY order_id")
                .collectAsList();
        assertThat(bronze)
                .extracting(r -> r.getString(0) + " | " + r.getString(1))
                .containsExactly(
                        "O000046 | amount: cannot parse 'abc' as decimal(12,2)",
                        "O000074 | ordered_at: cannot parse 'yesterday' as timestamp",
                        "O000109 | amount: cannot parse '12.50.3' as decimal(12,2)",
                        "O000150 | ordered_at: cannot parse '31/11/2026 10:00' as timestamp",
                        "O000182 | amount: cannot parse 'twelve' as decimal(12,2)");
        assertThat(bronze.get(0).getString(2)).startsWith("O000046,").contains(",abc,");
        assertThat(bronze).allSatisfy(r -> {
            assertThat(r.getString(3)).endsWith("orders-001.csv");
            assertThat(r.getList(4)).containsExactly("malformed_record");
            assertThat(r.getString(5)).isEqualTo("batch-1");
        });

        Map<String, Long> byRule = spark
                .sql("SELECT array_join(_failed_rules, '+') AS rules, count(*) FROM"
                        + " silver.orders__quarantine GROUP BY 1")
                .collectAsList()
                .stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        assertThat(byRule).containsExactlyInAnyOrderEntriesOf(Map.of("not_null(order_id)", 4L, "regex(email)", 5L));
        assertThat(count("SELECT count(*) FROM silver.orders__quarantine WHERE _reason LIKE 'broke %'"))
                .isEqualTo(9);
        assertThat(count("SELECT count(*) FROM silver.customers__quarantine WHERE customer_id IS NULL"))
                .isEqualTo(2);
    }

    @Test
    @Order(3)
    void rerunWithTheSameRunIdChangesNoTable() {
        long silverVersion = latestVersion("silver.orders");
        long goldVersion = latestVersion("gold.daily_revenue");

        RunResult again = run("batch-1");

        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.datasets()).allSatisfy(d -> assertThat(d.status()).isEqualTo(RunStatus.SKIPPED));
        assertThat(latestVersion("silver.orders")).isEqualTo(silverVersion);
        assertThat(latestVersion("gold.daily_revenue")).isEqualTo(goldVersion);
        assertThat(count("SELECT count(*) FROM bronze.orders")).isEqualTo(195);
    }

    @Test
    @Order(4)
    void newRunWithNoNewFilesIngestsNothing() {
        RunResult nothingNew = run("no-new-files");

        assertThat(counts(dataset(nothingNew, "bronze.orders"))).containsExactly(0, 0, 0, 0);
        assertThat(counts(dataset(nothingNew, "silver.orders"))).containsExactly(0, 0, 0, 0);
        assertThat(dataset(nothingNew, "bronze.orders").message()).isEqualTo("no new input");
        assertThat(count("SELECT count(*) FROM bronze.orders")).isEqualTo(195);
        assertThat(count("SELECT count(*) FROM silver.orders")).isEqualTo(180);
        assertThat(dailyRevenue()).hasSize(5);
    }

    @Test
    @Order(5)
    void secondBatchIsIngestedIncrementallyAndMergedByKey() throws IOException {
        copyTree(EXAMPLE.resolve("batches").resolve("2"), work.resolve("data"));

        RunResult run = run("batch-2");

        assertThat(run.status()).as(run.datasets().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dataset(run, "bronze.orders").filesIngested())
                .singleElement()
                .asString()
                .endsWith("orders-002.csv");
        assertThat(counts(dataset(run, "bronze.orders"))).containsExactly(60, 58, 2, 0);
        assertThat(counts(dataset(run, "silver.orders"))).containsExactly(58, 53, 3, 2);
        assertThat(counts(dataset(run, "bronze.customers"))).containsExactly(20, 18, 2, 0);
        assertThat(counts(dataset(run, "silver.customers"))).containsExactly(18, 16, 1, 1);
        assertThat(run.datasets())
                .allSatisfy(d -> assertThat(d.rowsConserved()).as(d.dataset()).isTrue());

        assertThat(count("SELECT count(*) FROM bronze.orders")).isEqualTo(195 + 58);
        assertThat(count("SELECT count(*) FROM silver.orders"))
                .as("180 + 43 new ids; 10 updated")
                .isEqualTo(223);
        assertThat(count("SELECT count(*) FROM silver.orders WHERE order_id = 'O000001' AND order_date >= DATE"
                        + "'2026-11-06'"))
                .as("the re-sent order moved to its new date")
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM bronze.orders__quarantine")).isEqualTo(7);
        assertThat(dailyRevenue())
                .containsExactly(
                        Map.entry("2026-11-01", new BigDecimal("9326.27")),
                        Map.entry("2026-11-02", new BigDecimal("7417.80")),
                        Map.entry("2026-11-03", new BigDecimal("9070.03")),
                        Map.entry("2026-11-04", new BigDecimal("7502.34")),
                        Map.entry("2026-11-05", new BigDecimal("6594.57")),
                        Map.entry("2026-11-06", new BigDecimal("3057.78")),
                        Map.entry("2026-11-07", new BigDecimal("2346.73")),
                        Map.entry("2026-11-08", new BigDecimal("3583.54")),
                        Map.entry("2026-11-09", new BigDecimal("1978.04")),
                        Map.entry("2026-11-10", new BigDecimal("3320.61")));
        assertThat(count("SELECT count(*) FROM silver.customers WHERE customer_id = 'C0001' AND tier = 'bronze'"))
                .isEqualTo(1);
    }

    @Test
    @Order(6)
    void onlyRunsTheSelectedDatasets() {
        RunResult downstream = run("only-silver", "silver.orders+");
        assertThat(downstream.datasets())
                .extracting(DatasetResult::dataset)
                .containsExactly("silver.orders", "gold.daily_revenue", "gold.revenue_by_tier");

        RunResult upstream = run("only-gold", "+gold.daily_revenue");
        assertThat(upstream.datasets())
                .extracting(DatasetResult::dataset)
                .containsExactly("bronze.orders", "silver.orders", "gold.daily_revenue");
        assertThat(count("SELECT count(*) FROM silver.orders")).isEqualTo(223);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
