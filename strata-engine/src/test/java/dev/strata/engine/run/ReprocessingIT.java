package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.ledger.FileLedger;
import dev.strata.engine.sink.IcebergCatalogs;
import dev.strata.engine.sink.Sinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full refresh and backfill on real tables: exact contents after each, the ledger entries a refresh resets, a refresh
 * that fails midway and its retry, and the datasets' descriptions as the tables' comments.
 */
class ReprocessingIT {
    private static final String HEADER = "order_id,customer_id,amount,updated_at\n";
    /** Columns that name the run or its time. */
    private static final List<String> RUN_COLUMNS = List.of("_run_id", "_ingested_at", "_quarantined_at");

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    private Pipeline pipeline(String format, String silverDescription) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(
                file,
                """
                name: reprocess
                storage: {root: %s, format: %s}
                sources:
                  orders_raw:
                    format: csv
                    path: %s
                    options: {header: "true"}
                    schema: "order_id STRING, customer_id STRING, amount DECIMAL(12,2), updated_at TIMESTAMP"
                datasets:
                  bronze.orders: {from: orders_raw}
                  silver.orders:
                    from: bronze.orders
                    description: "%s"
                    columns: {amount: "the order's amount in EUR", order_id: "the shop's order number"}
                    write: {mode: merge, keys: [order_id], order_by: "updated_at DESC"}
                  gold.by_customer:
                    sql: "SELECT customer_id, count(*) AS orders FROM silver.orders GROUP BY customer_id"
                    write: {mode: overwrite}
                """.formatted(dir.resolve("lake"), format, dir.resolve("in"), silverDescription),
                StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    /** Writes a source file of orders {@code from..to}, at {@code amount}, with its modification time. */
    private Path orders(String name, int from, int to, String amount, Instant modified, String... extra)
            throws Exception {
        Files.createDirectories(dir.resolve("in"));
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = from; i <= to; i++) {
            csv.append(String.format(
                    java.util.Locale.ROOT, "O%03d,C%d,%s,2026-11-01 10:%02d:00%n", i, i % 3, amount, i % 60));
        }
        for (String line : extra) {
            csv.append(line).append('\n');
        }
        Path file = dir.resolve("in").resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private RunResult run(Pipeline pipeline, String runId, Reprocessing reprocessing) {
        RunResult run = new PipelineRunner(spark, pipeline, RunListener.NONE)
                .withReprocessing(reprocessing)
                .run(runId, null, 0);
        assertThat(run.datasets()).allMatch(DatasetResult::rowsConserved);
        return run;
    }

    private Dataset<Row> table(Pipeline pipeline, String format, String name) {
        DatasetName dataset = DatasetName.parse(name);
        return Sinks.forFormat(dataset.name().endsWith("__quarantine") ? "delta" : format)
                .read(spark, new TableLocations(pipeline.spec().storage()).table(dataset));
    }

    /** A table's rows, without the run columns, sorted, as text: duplicates show. */
    private List<String> rows(Pipeline pipeline, String format, String name) {
        Dataset<Row> rows = table(pipeline, format, name);
        for (String column : RUN_COLUMNS) {
            rows = rows.drop(column);
        }
        rows = rows.drop("_source_file");
        String[] columns = rows.columns();
        Arrays.sort(columns);
        return rows.selectExpr(columns).collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }

    private List<String> ids(Pipeline pipeline, String format, String name) {
        return table(pipeline, format, name).select("order_id", "amount").collectAsList().stream()
                .map(r -> r.getString(0) + "=" + r.getDecimal(1).toPlainString())
                .sorted()
                .toList();
    }

    private static List<String> expected(int from, int to, String amount) {
        return java.util.stream.IntStream.rangeClosed(from, to)
                .mapToObj(i -> String.format(java.util.Locale.ROOT, "O%03d=%s", i, amount))
                .toList();
    }

    private Ledger ledger(Pipeline pipeline) {
        return new FileLedger(
                pipeline.spec().storage().root(), spark.sparkContext().hadoopConfiguration());
    }

    /** The comments Spark shows for a table: its own ("Comment" row) and each column's. */
    private Map<String, String> comments(String describedTable) {
        Map<String, String> comments = new java.util.LinkedHashMap<>();
        for (Row row : spark.sql("DESCRIBE TABLE EXTENDED " + describedTable).collectAsList()) {
            String name = row.getString(0);
            String comment = row.isNullAt(2) ? null : row.getString(2);
            if (name.equals("Comment")) {
                comments.put("(table)", row.getString(1));
            } else if (comment != null && !comment.isEmpty() && !name.startsWith("#")) {
                comments.putIfAbsent(name, comment);
            }
        }
        return comments;
    }

    @Test
    void aFullRefreshRebuildsTheTablesFromWhatTheSourceStillHoldsAndResetsTheirLedger() throws Exception {
        // The datasets' descriptions are the tables' comments, kept through the refresh and following changes.
        Instant day = Instant.parse("2026-11-01T00:00:00Z");
        Path first = orders("orders-1.csv", 1, 10, "10.00", day, "O999,C1,not-a-number,2026-11-01 11:00:00");
        Pipeline pipeline = pipeline("delta", "orders, one row per order");
        assertThat(run(pipeline, "r1", null).status()).isEqualTo(RunStatus.SUCCEEDED);
        String silver = "delta.`"
                + new TableLocations(pipeline.spec().storage()).location(DatasetName.parse("silver.orders")) + "`";
        assertThat(comments(silver))
                .containsEntry("(table)", "orders, one row per order")
                .containsEntry("amount", "the order's amount in EUR")
                .containsEntry("order_id", "the shop's order number");
        orders("orders-2.csv", 11, 15, "20.00", day.plusSeconds(86_400));
        assertThat(run(pipeline, "r2", null).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rows(pipeline, "delta", "bronze.orders__quarantine")).hasSize(1);

        // The source no longer holds the first file: a refresh keeps only what it still holds.
        Files.delete(first);
        RunResult refresh = run(pipeline, "r3", Reprocessing.fullRefresh());

        assertThat(refresh.status()).as(refresh.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ids(pipeline, "delta", "bronze.orders")).isEqualTo(expected(11, 15, "20.00"));
        assertThat(ids(pipeline, "delta", "silver.orders")).isEqualTo(expected(11, 15, "20.00"));
        assertThat(rows(pipeline, "delta", "gold.by_customer")).containsExactly("[C0,2]", "[C1,1]", "[C2,2]");
        assertThat(rows(pipeline, "delta", "bronze.orders__quarantine"))
                .as("the quarantine is replaced too")
                .isEmpty();
        assertThat(refresh.reprocessing().kind()).isEqualTo(Reprocessing.Kind.FULL_REFRESH);
        assertThat(refresh.reprocessing().ledgerEntriesReset())
                .containsExactly(
                        Map.entry("bronze.orders", 2), Map.entry("silver.orders", 2), Map.entry("gold.by_customer", 2));
        Ledger ledger = ledger(pipeline);
        assertThat(ledger.entries("bronze.orders")).extracting(e -> e.runId()).containsExactly("r3");
        assertThat(ledger.entries("bronze.orders").get(0).files()).hasSize(1).allMatch(f -> f.endsWith("orders-2.csv"));
        assertThat(ledger.run("r3").reprocessing().ledgerEntriesReset()).containsEntry("bronze.orders", 2);
        assertThat(comments(silver))
                .as("a refresh rewrites the schema; the comments are put back")
                .containsEntry("(table)", "orders, one row per order")
                .containsEntry("amount", "the order's amount in EUR");

        // An ordinary run after it finds nothing new: the refresh's entry covers the source's files.
        RunResult after = run(pipeline("delta", "orders, latest version of each"), "r4", null);
        assertThat(after.datasets().get(0).rowsIn()).isZero();
        assertThat(ids(pipeline, "delta", "silver.orders")).isEqualTo(expected(11, 15, "20.00"));
        assertThat(comments(silver))
                .as("a changed description changes the comment, even when there is nothing new")
                .containsEntry("(table)", "orders, latest version of each");
    }

    @Test
    void aRefreshThatFailsMidwayIsFinishedByTheNextRefreshWithIdenticalTables() throws Exception {
        Instant day = Instant.parse("2026-11-01T00:00:00Z");
        orders("orders-1.csv", 1, 10, "10.00", day, "O999,C1,not-a-number,2026-11-01 11:00:00");
        Pipeline pipeline = pipeline("delta", "orders");
        run(pipeline, "r1", null);
        RunResult clean = run(pipeline, "r2", Reprocessing.fullRefresh());
        assertThat(clean.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> bronze = rows(pipeline, "delta", "bronze.orders");
        List<String> quarantine = rows(pipeline, "delta", "bronze.orders__quarantine");
        List<String> silver = rows(pipeline, "delta", "silver.orders");

        // The quarantine write fails after the table's overwrite committed: its folder is a file for a while.
        Path quarantineTable = Path.of(new TableLocations(pipeline.spec().storage())
                .location(DatasetName.parse("bronze.orders__quarantine"))
                .replaceFirst("^file:", ""));
        Path aside = dir.resolve("quarantine-aside");
        Files.move(quarantineTable, aside);
        Files.writeString(quarantineTable, "in the way", StandardCharsets.UTF_8);
        RunResult crashed = run(pipeline, "r3", Reprocessing.fullRefresh());
        assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(ledger(pipeline).pending("bronze.orders").reprocess()).isEqualTo(Reprocessing.Kind.FULL_REFRESH);
        Files.delete(quarantineTable);
        Files.move(aside, quarantineTable);
        // A retry runs in a new process, which has no cached view of the table from while it was in the way.
        org.apache.spark.sql.delta.DeltaLog.clearCache();

        RunResult retry = run(pipeline, "r4", Reprocessing.fullRefresh());

        assertThat(retry.status()).as(retry.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(retry.datasets().get(0).message())
                .contains("recovered the batch of interrupted run r3")
                .contains("full refresh");
        assertThat(rows(pipeline, "delta", "bronze.orders")).isEqualTo(bronze);
        assertThat(rows(pipeline, "delta", "bronze.orders__quarantine")).isEqualTo(quarantine);
        assertThat(rows(pipeline, "delta", "silver.orders")).isEqualTo(silver);
        assertThat(table(pipeline, "delta", "bronze.orders")
                        .select("_run_id")
                        .distinct()
                        .collectAsList())
                .as("the retry wrote the interrupted refresh's batch, as it would have")
                .extracting(r -> r.getString(0))
                .containsExactly("r3");
        assertThat(ledger(pipeline).entries("bronze.orders"))
                .extracting(e -> e.runId())
                .containsExactly("r3");
    }

    @Test
    void aBackfillReplacesWhatTheWindowsFilesLoadedAndIsSafeToRetry() throws Exception {
        Instant day = Instant.parse("2026-11-01T00:00:00Z");
        Pipeline pipeline = pipeline("delta", "orders");
        orders("orders-1.csv", 1, 5, "10.00", day, "O999,C1,not-a-number,2026-11-01 11:00:00");
        orders("orders-2.csv", 6, 8, "20.00", day.plusSeconds(86_400));
        run(pipeline, "r1", null);

        // The first day's file is corrected in place; its modification time stays in the window.
        orders("orders-1.csv", 1, 5, "11.00", day.plusSeconds(60), "O999,C1,12.00,2026-11-01 11:00:00");
        Reprocessing window = Reprocessing.backfill(day, day.plusSeconds(86_400));
        RunResult backfill = run(pipeline, "r2", window);

        assertThat(backfill.status()).as(backfill.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(backfill.datasets().get(0).filesIngested()).hasSize(1).allMatch(f -> f.endsWith("orders-1.csv"));
        List<String> corrected = new java.util.ArrayList<>(expected(1, 5, "11.00"));
        corrected.addAll(expected(6, 8, "20.00"));
        corrected.add("O999=12.00");
        java.util.Collections.sort(corrected);
        assertThat(ids(pipeline, "delta", "bronze.orders"))
                .as("the append table's rows from the window's file are replaced, the others kept")
                .isEqualTo(corrected);
        assertThat(ids(pipeline, "delta", "silver.orders")).isEqualTo(corrected);
        assertThat(rows(pipeline, "delta", "bronze.orders__quarantine"))
                .as("the record quarantined from the window's file is gone with it")
                .isEmpty();
        assertThat(backfill.reprocessing().from()).isEqualTo(day);

        List<String> bronze = rows(pipeline, "delta", "bronze.orders");
        RunResult again = run(pipeline, "r3", window);
        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rows(pipeline, "delta", "bronze.orders")).isEqualTo(bronze);
        assertThat(ids(pipeline, "delta", "silver.orders")).isEqualTo(corrected);
    }

    @Test
    void anIcebergBackfillThenRefreshRebuildTheTablesAndKeepTheirComments() throws Exception {
        Instant day = Instant.parse("2026-11-01T00:00:00Z");
        orders("orders-1.csv", 1, 4, "10.00", day, "O999,C1,not-a-number,2026-11-01 11:00:00");
        orders("orders-2.csv", 5, 6, "20.00", day.plusSeconds(86_400));
        Pipeline pipeline = pipeline("iceberg", "orders");
        run(pipeline, "r1", null);

        // Iceberg data files hold rows of several source files: the backfill replaces rows, not files.
        Path first = orders("orders-1.csv", 1, 4, "11.00", day.plusSeconds(60), "O999,C1,12.00,2026-11-01 11:00:00");
        RunResult backfill = run(pipeline, "r2", Reprocessing.backfill(day, day.plusSeconds(86_400)));

        assertThat(backfill.status()).as(backfill.toString()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> corrected = new java.util.ArrayList<>(expected(1, 4, "11.00"));
        corrected.addAll(expected(5, 6, "20.00"));
        corrected.add("O999=12.00");
        java.util.Collections.sort(corrected);
        assertThat(ids(pipeline, "iceberg", "bronze.orders")).isEqualTo(corrected);
        assertThat(ids(pipeline, "iceberg", "silver.orders")).isEqualTo(corrected);
        assertThat(rows(pipeline, "iceberg", "bronze.orders__quarantine")).isEmpty();

        Files.delete(first);
        RunResult refresh = run(pipeline, "r3", Reprocessing.fullRefresh());

        assertThat(refresh.status()).as(refresh.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ids(pipeline, "iceberg", "bronze.orders")).isEqualTo(expected(5, 6, "20.00"));
        assertThat(ids(pipeline, "iceberg", "silver.orders")).isEqualTo(expected(5, 6, "20.00"));
        assertThat(rows(pipeline, "iceberg", "gold.by_customer")).containsExactly("[C0,1]", "[C2,1]");
        String catalog = IcebergCatalogs.register(spark, pipeline.spec().storage());
        assertThat(comments(catalog + ".silver.orders"))
                .containsEntry("(table)", "orders")
                .containsEntry("amount", "the order's amount in EUR");
    }
}
