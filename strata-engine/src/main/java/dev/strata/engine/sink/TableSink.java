package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A table format (Delta, Iceberg, Hudi). This class implements, once for all formats, what a write means: the
 * exactly-once check, schema evolution, one row per key for merge and SCD2, the SCD2 change set and its guard. A format
 * supplies a few primitives: append, overwrite, upsert on keys, delete by keys, and its commit bookkeeping.
 */
public abstract class TableSink implements Sink {
    /** Start of an SCD2 version (inclusive). */
    public static final String VALID_FROM = "_valid_from";
    /** End of an SCD2 version (exclusive); NULL while the version is current. */
    public static final String VALID_TO = "_valid_to";
    /** True for the current SCD2 version of a key. */
    public static final String IS_CURRENT = "_is_current";

    /** The input column {@link #upsert} gets for {@code delete_when}: the user's condition, evaluated on the input. */
    public static final String DELETE_FLAG = "__strata_delete";

    static final Set<String> SCD2_COLUMNS = Set.of(VALID_FROM, VALID_TO, IS_CURRENT);

    /** True when the table already holds the batch {@code commit}, or a later batch of the same writer. */
    protected abstract boolean committed(SparkSession spark, TableRef table, CommitId commit);

    /** The table's current version (Delta version, Iceberg snapshot id, Hudi instant). */
    protected abstract long version(SparkSession spark, TableRef table);

    /** Appends rows, creating the table (with the request's partitioning) when it does not exist. */
    protected abstract void append(Dataset<Row> rows, WriteRequest request, boolean exists);

    /** Replaces the table's rows; only the partitions present in the batch when the table is partitioned. */
    protected abstract void overwrite(Dataset<Row> rows, WriteRequest request, boolean exists);

    /**
     * Updates the rows whose {@code keys} match an input row and inserts the others, in one commit. The input has one
     * row per key. When {@code deleteFlag} is not null it names a boolean column of the input ({@link #DELETE_FLAG},
     * never NULL) that is not a table column and must not be written: a flagged row deletes its key instead of being
     * written, and inserts nothing.
     */
    protected abstract void upsert(Dataset<Row> rows, WriteRequest request, List<String> keys, String deleteFlag);

    /**
     * Replaces, in one commit, the rows {@code request.replacement()} names with {@code rows}: for {@link
     * Replacement#ALL} the whole table, schema and all (creating it when it does not exist).
     */
    protected abstract void replace(Dataset<Row> rows, WriteRequest request, boolean exists);

    /** Deletes every row whose {@code keys} appear in {@code keyRows}, in one commit. */
    protected abstract void delete(Dataset<Row> keyRows, WriteRequest request, List<String> keys);

    @Override
    public final WriteResult write(Dataset<Row> rows, WriteRequest request) {
        SparkSession spark = rows.sparkSession();
        TableRef table = request.table();
        boolean exists = exists(spark, table);
        if (exists && committed(spark, table, request.commit())) {
            return new WriteResult(version(spark, table), true, List.of());
        }
        try {
            return request.replacement() != null
                    ? replaceRows(rows, request, exists)
                    : writeRows(rows, request, exists);
        } catch (Exception e) {
            // The guards fail the write's own job (they make no pass of their own); this names what they found. A
            // failed job is a SparkException, which Scala code throws although it is checked.
            if (OnePerKey.causedBy(e, OnePerKey.DUPLICATE_KEY)) {
                throw OnePerKey.explain(rows, request);
            }
            if (exists && OnePerKey.causedBy(e, Scd2Changes.GUARD)) {
                throw Scd2Changes.explain(rows, read(spark, table), request);
            }
            throw e;
        }
    }

    private WriteResult writeRows(Dataset<Row> rows, WriteRequest request, boolean exists) {
        SparkSession spark = rows.sparkSession();
        TableRef table = request.table();
        WriteSpec write = request.write();
        SchemaAlignment.Aligned aligned =
                align(rows, exists ? read(spark, table).schema() : null, request);
        Dataset<Row> batch = aligned.rows();
        switch (write.mode()) {
            case APPEND -> append(batch, request, exists);
            case OVERWRITE -> overwrite(batch, request, exists);
            case MERGE -> {
                Dataset<Row> one = OnePerKey.of(batch, request);
                if (exists && write.deleteWhen() != null) {
                    // Evaluated here, on the input alone: in the format's MERGE the table's columns would shadow it.
                    Column marked = functions.coalesce(expr(write.deleteWhen()), lit(false));
                    upsert(one.withColumn(DELETE_FLAG, marked), request, write.keys(), DELETE_FLAG);
                } else if (exists) {
                    upsert(one, request, write.keys(), null);
                } else {
                    append(write.deleteWhen() == null ? one : one.filter(not(write.deleteWhen())), request, false);
                }
            }
            case DELETE -> {
                if (exists) {
                    Column[] keys =
                            write.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new);
                    delete(batch.select(keys).distinct(), request, write.keys());
                }
            }
            case SCD2 -> scd2(OnePerKey.of(batch, request), request, exists);
        }
        return new WriteResult(version(spark, table), false, aligned.changes());
    }

    /** {@code rows} in the shape of the table whose schema is {@code tableSchema} (null: no table yet). */
    private static SchemaAlignment.Aligned align(Dataset<Row> rows, StructType tableSchema, WriteRequest request) {
        WriteMode mode = request.write().mode();
        return SchemaAlignment.align(
                rows,
                tableSchema,
                request.name(),
                request.schemaEvolution(),
                mode,
                mode == WriteMode.SCD2 ? SCD2_COLUMNS : Set.of());
    }

    /**
     * A write that replaces rows whatever the mode. Replacing the whole table rebuilds it as a first batch would build
     * it: merge keeps one row per key (without those {@code delete_when} deletes), SCD2 opens one current version per
     * key at the batch time. A condition replaces the rows of an append table a backfill loads again.
     */
    private WriteResult replaceRows(Dataset<Row> rows, WriteRequest request, boolean exists) {
        SparkSession spark = rows.sparkSession();
        WriteSpec write = request.write();
        boolean all = request.replacement().all();
        if (!all && write.mode() != WriteMode.APPEND) {
            throw new IllegalArgumentException("only an append table's rows are replaced by condition");
        }
        if (all && write.mode() == WriteMode.DELETE) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot fully refresh " + request.name() + ": a delete dataset only removes keys from its table,"
                            + " so there is nothing to rebuild it from (leave it out of --only, or refresh the dataset"
                            + " that fills the table)");
        }
        SchemaAlignment.Aligned aligned =
                align(rows, exists && !all ? read(spark, request.table()).schema() : null, request);
        Dataset<Row> batch = aligned.rows();
        switch (write.mode()) {
            case MERGE -> {
                Dataset<Row> one = OnePerKey.of(batch, request);
                batch = write.deleteWhen() == null ? one : one.filter(not(write.deleteWhen()));
            }
            case SCD2 ->
                batch = OnePerKey.of(batch, request)
                        .withColumn(VALID_FROM, lit(java.sql.Timestamp.from(request.batchTime())))
                        .withColumn(VALID_TO, lit(null).cast("timestamp"))
                        .withColumn(IS_CURRENT, lit(true));
            default -> {}
        }
        if (exists || all) {
            replace(batch, request, exists);
        } else {
            append(batch, request, false);
        }
        return new WriteResult(version(spark, request.table()), false, aligned.changes());
    }

    private static Column not(String condition) {
        return expr(condition).isNull().or(expr(condition).unary_$bang());
    }

    /**
     * SCD2: the change set ({@link Scd2Changes}) is upserted on the keys plus {@link #VALID_FROM}, so one commit applies
     * it. Every key of the batch then has exactly one current version: the batch has one row per key ({@link
     * OnePerKey}), and the change set's own pass refuses a key that already has several, so no scan of the table
     * follows the write.
     */
    private void scd2(Dataset<Row> batch, WriteRequest request, boolean exists) {
        WriteSpec write = request.write();
        List<String> keys = write.keys();
        java.sql.Timestamp batchTime = java.sql.Timestamp.from(request.batchTime());
        Dataset<Row> versions = Scd2Changes.opened(batch, batchTime);
        if (!exists) {
            append(versions, request, false);
            return;
        }
        List<String> tracked = write.track().isEmpty()
                ? java.util.Arrays.stream(batch.columns())
                        .filter(c -> !keys.contains(c) && !c.startsWith("_"))
                        .toList()
                : write.track();
        Dataset<Row> changes =
                Scd2Changes.of(versions, read(batch.sparkSession(), request.table()), keys, tracked, batchTime);
        List<String> mergeKeys = new ArrayList<>(keys);
        mergeKeys.add(VALID_FROM);
        upsert(changes, request, mergeKeys, null);
    }

    /** {@code t.`k1` = s.`k1` AND t.`k2` = s.`k2`}: the merge condition of a target {@code t} and a source {@code s}. */
    protected static String keysMatch(List<String> keys) {
        return keys.stream().map(k -> "t." + quote(k) + " = s." + quote(k)).collect(Collectors.joining(" AND "));
    }

    /** The failure of a format's MERGE that matched one table row with several input rows of a key. */
    protected static StrataException sharedKeys(WriteRequest request, RuntimeException cause) {
        return new StrataException(
                ErrorCode.DATASET_FAILED,
                "Cannot merge into " + request.name() + ": several input rows share a key "
                        + request.write().keys() + " (set write.order_by, or add a dedupe step)",
                cause);
    }
}
