package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.literal;
import static dev.strata.engine.sql.SqlSyntax.quote;

import dev.strata.core.spec.SchemaEvolution;
import dev.strata.engine.session.OneJob;
import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * Delta Lake tables by path. Every commit carries the batch's {@link CommitId} as Delta's idempotent-write transaction
 * ({@code txnAppId}, {@code txnVersion}), so Delta itself skips a batch it already holds, atomically with the commit.
 */
public final class DeltaSink extends TableSink implements SupportsComments {
    private static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
    private static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";
    private static final String AUTO_MERGE = "spark.databricks.delta.schema.autoMerge.enabled";

    @Override
    public String format() {
        return "delta";
    }

    @Override
    public boolean exists(SparkSession spark, TableRef table) {
        return DeltaTable.isDeltaTable(spark, table.location());
    }

    @Override
    public Dataset<Row> read(SparkSession spark, TableRef table) {
        return spark.read().format("delta").load(table.location());
    }

    @Override
    protected boolean committed(SparkSession spark, TableRef table, CommitId commit) {
        scala.Option<Object> version = DeltaLog.forTable(spark, table.location())
                .update(false, scala.Option.empty(), scala.Option.empty())
                .transactions()
                .get(commit.appId());
        return version.isDefined() && commit.coveredBy(commit.appId(), (Long) version.get());
    }

    @Override
    protected long version(SparkSession spark, TableRef table) {
        // The DeltaLog instance is the one the write just updated, so no job runs.
        return DeltaLog.forTable(spark, table.location())
                .unsafeVolatileSnapshot()
                .version();
    }

    @Override
    protected void append(Dataset<Row> rows, WriteRequest request, boolean exists) {
        save(rows, request, false);
    }

    @Override
    protected void overwrite(Dataset<Row> rows, WriteRequest request, boolean exists) {
        // A table that does not exist yet is created as an append creates it: Delta's overwrite would first list the
        // files it replaces, a Spark job of its own even when there are none.
        save(rows, request, exists);
    }

    /**
     * A whole-table replacement overwrites the rows and the schema (Delta keeps the old files for time travel until
     * they are vacuumed); a condition is Delta's {@code replaceWhere}, checked against the batch's rows.
     */
    @Override
    protected void replace(Dataset<Row> rows, WriteRequest request, boolean exists) {
        DataFrameWriter<Row> writer = writer(rows, request, "overwrite");
        if (request.replacement().all()) {
            writer = writer.option("overwriteSchema", "true");
        } else {
            writer = writer.option("replaceWhere", request.replacement().condition(null));
            if (request.schemaEvolution() == SchemaEvolution.ADD_COLUMNS) {
                writer = writer.option("mergeSchema", "true");
            }
        }
        writer.save(request.location());
    }

    private static DataFrameWriter<Row> writer(Dataset<Row> rows, WriteRequest request, String saveMode) {
        DataFrameWriter<Row> writer = rows.write()
                .format("delta")
                .mode(saveMode)
                .options(request.write().options())
                .option("txnAppId", request.commit().appId())
                .option("txnVersion", request.commit().version());
        List<String> partitionBy = request.write().partitionBy();
        return partitionBy.isEmpty() ? writer : writer.partitionBy(partitionBy.toArray(String[]::new));
    }

    /**
     * Appends or overwrites. Rows read row by row ({@link OneJob#narrow}) are written with adaptive execution off in
     * their session: the write has no shuffle to adapt (Delta adds none; an optimized write bins its own), and an
     * unfilled cache the rows read (a source batch split into good and malformed records) is then filled by the
     * write's own job, not by a query stage job before it.
     */
    private static void save(Dataset<Row> rows, WriteRequest request, boolean overwrite) {
        if (OneJob.narrow(rows)) {
            OneJob.in(rows.sparkSession(), () -> {
                write(rows, request, overwrite);
                return null;
            });
        } else {
            write(rows, request, overwrite);
        }
    }

    private static void write(Dataset<Row> rows, WriteRequest request, boolean overwrite) {
        DataFrameWriter<Row> writer = writer(rows, request, overwrite ? "overwrite" : "append");
        if (overwrite && !request.write().partitionBy().isEmpty()) {
            writer = writer.option("partitionOverwriteMode", "dynamic");
        }
        if (request.schemaEvolution() == SchemaEvolution.ADD_COLUMNS) {
            writer = writer.option("mergeSchema", "true");
        }
        writer.save(request.location());
    }

    @Override
    protected void upsert(Dataset<Row> rows, WriteRequest request, List<String> keys, String deleteFlag) {
        SparkSession spark = rows.sparkSession();
        String condition = keysMatch(keys);
        inTransaction(spark, request, rows, () -> {
            var merge = DeltaTable.forPath(spark, request.location()).as("t").merge(rows.as("s"), condition);
            if (deleteFlag != null) {
                // Explicit assignments, so the flag column is never written (SET * would add it under mergeSchema).
                Map<String, String> assignments = new java.util.LinkedHashMap<>();
                for (String column : rows.columns()) {
                    if (!column.equals(deleteFlag)) {
                        assignments.put(quote(column), "s." + quote(column));
                    }
                }
                String flag = "s." + quote(deleteFlag);
                merge = merge.whenMatched(flag)
                        .delete()
                        .whenMatched()
                        .updateExpr(assignments)
                        .whenNotMatched("NOT " + flag)
                        .insertExpr(assignments);
            } else {
                merge = merge.whenMatched().updateAll().whenNotMatched().insertAll();
            }
            merge.execute();
        });
    }

    @Override
    protected void delete(Dataset<Row> keyRows, WriteRequest request, List<String> keys) {
        SparkSession spark = keyRows.sparkSession();
        String condition = keysMatch(keys);
        inTransaction(spark, request, keyRows, () -> {
            DeltaTable.forPath(spark, request.location())
                    .as("t")
                    .merge(keyRows.as("s"), condition)
                    .whenMatched()
                    .delete()
                    .execute();
        });
    }

    /**
     * Runs a DML command as the batch's idempotent transaction, with schema auto-merge as the dataset's evolution
     * says; the session settings are restored afterwards. A command whose source and table are small runs without
     * adaptive execution ({@link OneJob#inIfSmall}): a MERGE of a few megabytes is otherwise a Spark job per shuffle
     * stage of each of its passes.
     */
    private static void inTransaction(SparkSession spark, WriteRequest request, Dataset<Row> source, Runnable command) {
        long bytes = OneJob.inputBytes(source)
                + OneJob.inputBytes(
                        DeltaTable.forPath(spark, request.location()).toDF());
        Map<String, String> settings = Map.of(
                TXN_APP_ID, request.commit().appId(),
                TXN_VERSION, Long.toString(request.commit().version()),
                AUTO_MERGE, String.valueOf(request.schemaEvolution() == SchemaEvolution.ADD_COLUMNS));
        Map<String, String> previous = new java.util.HashMap<>();
        settings.forEach((key, value) -> {
            previous.put(key, spark.conf().contains(key) ? spark.conf().get(key) : null);
            spark.conf().set(key, value);
        });
        try {
            OneJob.inIfSmall(spark, bytes, () -> {
                command.run();
                return null;
            });
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE")) {
                throw sharedKeys(request, e);
            }
            throw e;
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    spark.conf().unset(key);
                } else {
                    spark.conf().set(key, value);
                }
            });
        }
    }

    /** Delta keeps the table's comment as its description, and a column's in its schema's metadata. */
    @Override
    public List<String> comment(SparkSession spark, TableRef table, TableComments comments) {
        var snapshot =
                DeltaLog.forTable(spark, table.location()).update(false, scala.Option.empty(), scala.Option.empty());
        String target = "delta." + quote(table.location());
        List<String> changed = new java.util.ArrayList<>();
        if (comments.tableChanged(snapshot.metadata().description())) {
            spark.sql("ALTER TABLE " + target + " SET TBLPROPERTIES ('comment' = " + literal(comments.table()) + ")");
            changed.add("table comment");
        }
        comments.changedColumns(snapshot.schema()).forEach((column, text) -> {
            spark.sql("ALTER TABLE " + target + " ALTER COLUMN " + quote(column) + " COMMENT " + literal(text));
            changed.add("comment on " + column);
        });
        return changed;
    }

    @Override
    public MaintenanceResult maintain(SparkSession spark, TableRef table, Duration retention) {
        DeltaTable delta = DeltaTable.forPath(spark, table.location());
        Row optimized = delta.optimize()
                .executeCompaction()
                .select("metrics.numFilesRemoved")
                .first();
        long compacted = optimized.isNullAt(0) ? 0 : optimized.getLong(0);
        double hours = Math.max(retention.toMinutes() / 60.0, 0);
        String check = "spark.databricks.delta.retentionDurationCheck.enabled";
        String previous = spark.conf().get(check, "true");
        // The retention is the user's setting; Delta's 7-day floor would refuse a shorter one.
        spark.conf().set(check, "false");
        try {
            long before = countFiles(spark, table);
            delta.vacuum(hours);
            long removed = Math.max(0, before - countFiles(spark, table));
            return new MaintenanceResult(
                    compacted, removed, "optimize rewrote " + compacted + " files; vacuum kept " + hours + "h");
        } finally {
            spark.conf().set(check, previous);
        }
    }

    private static long countFiles(SparkSession spark, TableRef table) {
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(table.location());
            var fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            var files = fs.listFiles(root, true);
            long count = 0;
            while (files.hasNext()) {
                if (files.next().getPath().getName().endsWith(".parquet")) {
                    count++;
                }
            }
            return count;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
