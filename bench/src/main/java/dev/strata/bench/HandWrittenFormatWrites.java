package dev.strata.bench;

import static dev.strata.bench.FormatInputs.IS_CURRENT;
import static dev.strata.bench.FormatInputs.VALID_FROM;
import static dev.strata.bench.FormatInputs.VALID_TO;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The benchmark's writes as a careful engineer would write them against each format's own API, without Strata: the
 * baseline of the formats benchmark.
 */
final class HandWrittenFormatWrites {
    private static final List<String> COLUMNS = List.of("id", "customer", "amount", "tier", "updated_at");
    private static final String DATA_COLUMNS = String.join(", ", COLUMNS);
    private static final String BATCH_TIME_SQL = "TIMESTAMP '2026-02-01 00:00:00'";

    private HandWrittenFormatWrites() {}

    static FormatWrites forFormat(String format, SparkSession spark, Path root, FormatInputs inputs) {
        return switch (format) {
            case "delta" -> new Delta(spark, root, inputs);
            case "iceberg" -> Iceberg.create(spark, root, inputs);
            case "hudi" -> new Hudi(spark, root, inputs);
            default ->
                throw new IllegalArgumentException("Cannot benchmark format '" + format
                        + "': no hand-written baseline (choose delta|iceberg|hudi)");
        };
    }

    /** Delta by path: DataFrameWriter for appends, DeltaTable.merge for upserts and SCD2. */
    private record Delta(SparkSession spark, Path root, FormatInputs inputs) implements FormatWrites {
        @Override
        public void preload(Operation operation, String table) {
            switch (operation) {
                case APPEND -> {}
                case MERGE -> inputs.base().write().format("delta").save(location(table));
                case SCD2 -> inputs.scd2Initial().write().format("delta").save(location(table));
            }
        }

        @Override
        public void run(Operation operation, String table) {
            switch (operation) {
                case APPEND ->
                    inputs.base().write().format("delta").mode("append").save(location(table));
                case MERGE ->
                    DeltaTable.forPath(spark, location(table))
                            .as("t")
                            .merge(inputs.mergeBatch().as("s"), "t.id = s.id")
                            .whenMatched()
                            .updateAll()
                            .whenNotMatched()
                            .insertAll()
                            .execute();
                case SCD2 -> scd2(table);
            }
        }

        /**
         * The staged-union SCD2 of Delta's documentation: changed keys appear twice in the merge source, once with a
         * NULL merge key (never matches, so it inserts the new version) and once with their key (closes the current
         * version).
         */
        private void scd2(String table) {
            DeltaTable target = DeltaTable.forPath(spark, location(table));
            Dataset<Row> batch = inputs.scd2Batch();
            Dataset<Row> changed = batch.as("s")
                    .join(
                            target.toDF().as("t"),
                            col("s.id")
                                    .equalTo(col("t.id"))
                                    .and(col("t." + IS_CURRENT))
                                    .and(not(col("s.tier").eqNullSafe(col("t.tier")))))
                    .select("s.*");
            Dataset<Row> staged = changed.withColumn("merge_key", lit(null).cast("long"))
                    .unionByName(batch.withColumn("merge_key", col("id")));
            Map<String, String> insert = new LinkedHashMap<>();
            for (String column : COLUMNS) {
                insert.put(column, "s." + column);
            }
            insert.put(VALID_FROM, BATCH_TIME_SQL);
            insert.put(VALID_TO, "CAST(NULL AS TIMESTAMP)");
            insert.put(IS_CURRENT, "true");
            target.as("t")
                    .merge(staged.as("s"), "t.id = s.merge_key AND t." + IS_CURRENT)
                    .whenMatched("NOT (t.tier <=> s.tier)")
                    .updateExpr(Map.of(IS_CURRENT, "false", VALID_TO, BATCH_TIME_SQL))
                    .whenNotMatched()
                    .insertExpr(insert)
                    .execute();
        }

        @Override
        public Dataset<Row> read(String table) {
            return spark.read().format("delta").load(location(table));
        }

        private String location(String table) {
            return root.resolve("bench").resolve(table).toString();
        }
    }

    /** Iceberg in a Hadoop catalog on the root, with Iceberg's defaults: DataFrameWriterV2 and MERGE INTO. */
    private record Iceberg(SparkSession spark, Path root, FormatInputs inputs) implements FormatWrites {
        private static final String CATALOG = "bench_hand";

        /** Registers the catalog in the session, as an engineer's Spark configuration would. */
        static Iceberg create(SparkSession spark, Path root, FormatInputs inputs) {
            String key = "spark.sql.catalog." + CATALOG;
            spark.conf().set(key + ".type", "hadoop");
            spark.conf().set(key + ".warehouse", root.toString());
            spark.conf().set(key, "org.apache.iceberg.spark.SparkCatalog");
            spark.sql("CREATE NAMESPACE IF NOT EXISTS " + CATALOG + ".bench");
            return new Iceberg(spark, root, inputs);
        }

        @Override
        public void preload(Operation operation, String table) {
            switch (operation) {
                case APPEND -> {}
                case MERGE -> inputs.base().writeTo(name(table)).create();
                case SCD2 -> inputs.scd2Initial().writeTo(name(table)).create();
            }
        }

        @Override
        public void run(Operation operation, String table) {
            switch (operation) {
                case APPEND -> inputs.base().writeTo(name(table)).create();
                case MERGE -> {
                    inputs.mergeBatch().createOrReplaceTempView("bench_merge_batch");
                    spark.sql("MERGE INTO " + name(table) + " t USING bench_merge_batch s ON t.id = s.id"
                            + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
                }
                case SCD2 -> {
                    // The same staged union as Delta's, in SQL.
                    inputs.scd2Batch().createOrReplaceTempView("bench_scd2_batch");
                    spark.sql("MERGE INTO " + name(table) + " t USING ("
                            + " SELECT s.id AS merge_key, s.* FROM bench_scd2_batch s"
                            + " UNION ALL"
                            + " SELECT CAST(NULL AS BIGINT) AS merge_key, s.* FROM bench_scd2_batch s JOIN "
                            + name(table) + " c ON s.id = c.id AND c." + IS_CURRENT + " AND NOT (s.tier <=> c.tier)"
                            + ") s ON t.id = s.merge_key AND t." + IS_CURRENT
                            + " WHEN MATCHED AND NOT (t.tier <=> s.tier) THEN UPDATE SET " + IS_CURRENT + " = false, "
                            + VALID_TO + " = " + BATCH_TIME_SQL
                            + " WHEN NOT MATCHED THEN INSERT (" + DATA_COLUMNS + ", " + VALID_FROM + ", " + VALID_TO
                            + ", " + IS_CURRENT + ") VALUES (s.id, s.customer, s.amount, s.tier, s.updated_at, "
                            + BATCH_TIME_SQL + ", NULL, true)");
                }
            }
        }

        @Override
        public Dataset<Row> read(String table) {
            return spark.table(name(table));
        }

        private static String name(String table) {
            return CATALOG + ".bench." + table;
        }
    }

    /**
     * Hudi by path through the datasource, with the options HudiSink uses on a local master (copy-on-write, no
     * metadata table, no embedded timeline server, Hudi's default parallelism): insert for appends, upsert on the
     * record key for merge, and for SCD2 an upsert of the closing and new versions on the record key (id,
     * _valid_from).
     */
    private record Hudi(SparkSession spark, Path root, FormatInputs inputs) implements FormatWrites {
        @Override
        public void preload(Operation operation, String table) {
            switch (operation) {
                case APPEND -> {}
                case MERGE -> write(inputs.base(), table, "id", "insert");
                case SCD2 -> write(inputs.scd2Initial(), table, "id," + VALID_FROM, "insert");
            }
        }

        @Override
        public void run(Operation operation, String table) {
            switch (operation) {
                case APPEND -> write(inputs.base(), table, null, "insert");
                case MERGE -> write(inputs.mergeBatch(), table, "id", "upsert");
                case SCD2 -> scd2(table);
            }
        }

        private void scd2(String table) {
            Column batchTime = lit(Timestamp.from(FormatInputs.BATCH_TIME));
            Dataset<Row> current = spark.read()
                    .format("hudi")
                    .load(location(table))
                    .filter(col(IS_CURRENT))
                    .select(Stream.concat(COLUMNS.stream(), Stream.of(VALID_FROM, VALID_TO, IS_CURRENT))
                            .map(functions::col)
                            .toArray(Column[]::new))
                    .as("t");
            Dataset<Row> joined =
                    inputs.scd2Batch().as("s").join(current, col("s.id").equalTo(col("t.id")), "left");
            Column isNew = col("t.id").isNull();
            Column changed = not(isNew).and(not(col("s.tier").eqNullSafe(col("t.tier"))));
            Dataset<Row> closing = joined.filter(changed)
                    .select("t.*")
                    .withColumn(VALID_TO, batchTime)
                    .withColumn(IS_CURRENT, lit(false));
            Dataset<Row> opening = joined.filter(isNew.or(changed))
                    .select("s.*")
                    .withColumn(VALID_FROM, batchTime)
                    .withColumn(VALID_TO, lit(null).cast("timestamp"))
                    .withColumn(IS_CURRENT, lit(true));
            write(closing.unionByName(opening), table, "id," + VALID_FROM, "upsert");
        }

        @Override
        public Dataset<Row> read(String table) {
            Dataset<Row> rows = spark.read().format("hudi").load(location(table));
            return rows.drop(Arrays.stream(rows.columns())
                    .filter(c -> c.startsWith("_hoodie_"))
                    .toArray(String[]::new));
        }

        private void write(Dataset<Row> rows, String table, String recordKey, String operation) {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("hoodie.table.name", "bench_" + table);
            options.put("hoodie.datasource.write.table.type", "COPY_ON_WRITE");
            if (recordKey != null) {
                options.put("hoodie.datasource.write.recordkey.field", recordKey);
            }
            options.put("hoodie.datasource.write.operation", operation);
            options.put("hoodie.metadata.enable", "false");
            options.put("hoodie.embed.timeline.server", "false");
            rows.write().format("hudi").options(options).mode("append").save(location(table));
        }

        private String location(String table) {
            return root.resolve("bench").resolve(table).toString();
        }
    }
}
