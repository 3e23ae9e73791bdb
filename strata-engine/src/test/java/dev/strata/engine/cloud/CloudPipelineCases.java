package dev.strata.engine.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.ledger.FileLedger;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.sink.Sinks;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retail orders through bronze, silver and gold with {@code storage.root} and the source path on an object store,
 * once per table format. Subclasses bring the store; the expected numbers are RetailPipelineIT's first batch.
 */
abstract class CloudPipelineCases {
    /** The table formats every store runs: {@code storage.format} of the pipeline. */
    static final List<TableFormat> FORMATS = List.of(TableFormat.DELTA, TableFormat.ICEBERG, TableFormat.HUDI);

    static final Path ORDERS = Path.of("..", "examples", "retail", "data", "orders", "orders-001.csv");

    static final Map<String, BigDecimal> DAILY_REVENUE = Map.of(
            "2026-11-01", new BigDecimal("10114.34"),
            "2026-11-02", new BigDecimal("7717.89"),
            "2026-11-03", new BigDecimal("9779.50"),
            "2026-11-04", new BigDecimal("7738.84"),
            "2026-11-05", new BigDecimal("6621.65"));

    private final ObjectStore store;
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    CloudPipelineCases(ObjectStore store) {
        this.store = store;
        store.configure(spark.sparkContext().hadoopConfiguration());
    }

    static Stream<TableFormat> formats() {
        return FORMATS.stream();
    }

    /** The pipeline file, local as a user's would be, with the lakehouse and the landing zone on the store. */
    static String pipelineYaml(String root, TableFormat format) {
        return "name: cloud_orders\n"
                + "storage: {root: \"" + root + "/lakehouse\", format: " + format.id() + "}\n"
                + "sources:\n"
                + "  orders_raw:\n"
                + "    format: csv\n"
                + "    path: \"" + root + "/landing/orders/\"\n"
                + "    options: {header: \"true\"}\n"
                + "    schema: \"order_id STRING, customer_id STRING, amount DECIMAL(12,2), currency STRING,"
                + " email STRING, ordered_at TIMESTAMP\"\n"
                + "datasets:\n"
                + "  bronze.orders:\n"
                + "    from: orders_raw\n"
                + "    write: {mode: append}\n"
                + "  silver.orders:\n"
                + "    from: bronze.orders\n"
                + "    transform:\n"
                + "      - dedupe: {keys: [order_id], order_by: \"ordered_at DESC\"}\n"
                + "      - derive: {order_date: \"CAST(ordered_at AS DATE)\"}\n"
                + "    expect:\n"
                + "      - {rule: not_null, column: order_id, on_fail: quarantine}\n"
                + "      - {rule: regex, column: email, pattern: '^[^@\\s]+@[^@\\s]+$', on_fail: quarantine}\n"
                + "    write: {mode: merge, keys: [order_id], partition_by: [order_date]}\n"
                + "  gold.daily_revenue:\n"
                + "    sql: |\n"
                + "      SELECT order_date, count(*) AS orders, sum(amount) AS revenue FROM silver.orders"
                + " GROUP BY order_date\n"
                + "    expect:\n"
                + "      - {rule: row_count, min: 1, on_fail: fail}\n"
                + "    write: {mode: overwrite}\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void runsBronzeSilverGoldOnTheStore(TableFormat format) throws Exception {
        String root = store.newRoot(format.id());
        upload(ORDERS, root + "/landing/orders/orders-001.csv");
        Pipeline pipeline = pipeline(root, format);

        RunResult run = new PipelineRunner(spark, pipeline, RunListener.NONE).run("cloud-1", null, 0);

        assertThat(run.status()).as(run.datasets().toString()).isEqualTo(RunStatus.SUCCEEDED);
        // in, written, quarantined, dropped
        assertThat(counts(run, "bronze.orders"))
                .as("3 bad amounts + 2 bad timestamps")
                .containsExactly(200, 195, 5, 0);
        assertThat(counts(run, "silver.orders"))
                .as("6 duplicates; 4 null keys + 5 bad emails")
                .containsExactly(195, 180, 9, 6);
        assertThat(counts(run, "gold.daily_revenue")).containsExactly(5, 5, 0, 0);

        assertThat(table(pipeline, format, "bronze.orders").count()).isEqualTo(195);
        Dataset<Row> silver = table(pipeline, format, "silver.orders");
        assertThat(silver.count()).isEqualTo(180);
        assertThat(silver.select("order_id").distinct().count()).isEqualTo(180);
        Map<String, BigDecimal> revenue = new TreeMap<>();
        long orders = 0;
        for (Row row : table(pipeline, format, "gold.daily_revenue").collectAsList()) {
            revenue.put(
                    row.getAs("order_date").toString(),
                    row.<BigDecimal>getAs("revenue").setScale(2));
            orders += row.<Long>getAs("orders");
        }
        assertThat(revenue).containsExactlyInAnyOrderEntriesOf(DAILY_REVENUE);
        assertThat(orders).isEqualTo(180);

        String lakehouse = root + "/lakehouse";
        FileLedger ledger = new FileLedger(lakehouse, hadoopConf());
        assertThat(ledger.entries("bronze.orders")).singleElement().satisfies(entry -> {
            assertThat(entry.runId()).isEqualTo("cloud-1");
            assertThat(entry.files()).containsExactly(root + "/landing/orders/orders-001.csv");
            assertThat(entry.rowsWritten()).isEqualTo(195);
        });
        assertThat(ledger.entries("gold.daily_revenue"))
                .extracting(LedgerEntry::runId)
                .containsExactly("cloud-1");
        JsonNode record = Ledger.json().readTree(read(lakehouse + "/_strata/runs/cloud-1.json"));
        assertThat(record.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(record.get("datasets")).hasSize(3);
        assertThat(record.get("datasets").get(1).get("rows_written").asLong()).isEqualTo(180);

        List<String> keys = store.keys(root);
        assertThat(keys)
                .as("written to the store itself, as its own client lists it")
                .contains("landing/orders/orders-001.csv", "lakehouse/_strata/runs/cloud-1.json")
                .anyMatch(k -> k.startsWith("lakehouse/_strata/ledger/silver.orders/cloud-1"))
                .anyMatch(k -> k.startsWith("lakehouse/bronze/orders/") && k.endsWith(".parquet"))
                .anyMatch(k -> k.startsWith("lakehouse/bronze/orders__quarantine/"))
                .anyMatch(k -> k.startsWith("lakehouse/silver/orders/")
                        && k.contains("order_date=2026-11-03/")
                        && k.endsWith(".parquet"))
                .anyMatch(k -> k.startsWith("lakehouse/gold/daily_revenue/"));

        RunResult again = new PipelineRunner(spark, pipeline, RunListener.NONE).run("cloud-1", null, 0);

        assertThat(again.datasets())
                .as("a retried run finds its commits in the ledger on the store")
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(RunStatus.SKIPPED));
        assertThat(table(pipeline, format, "silver.orders").count()).isEqualTo(180);
    }

    Pipeline pipeline(String root, TableFormat format) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, pipelineYaml(root, format), StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    private Configuration hadoopConf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    private void upload(Path local, String target) throws IOException {
        org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(target);
        to.getFileSystem(hadoopConf()).copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), to);
    }

    private String read(String location) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = path.getFileSystem(hadoopConf());
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Dataset<Row> table(Pipeline pipeline, TableFormat format, String name) {
        return Sinks.forFormat(format.id())
                .read(spark, new TableLocations(pipeline.spec().storage()).table(DatasetName.parse(name)));
    }

    private static long[] counts(RunResult run, String dataset) {
        DatasetResult d = run.datasets().stream()
                .filter(r -> r.dataset().equals(dataset))
                .findFirst()
                .orElseThrow();
        return new long[] {d.rowsIn(), d.rowsWritten(), d.rowsQuarantined(), d.rowsDropped()};
    }
}
