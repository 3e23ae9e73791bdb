package dev.strata.engine.sink;

import static dev.strata.engine.sink.TableSink.IS_CURRENT;
import static dev.strata.engine.sink.TableSink.VALID_FROM;
import static dev.strata.engine.sink.TableSink.VALID_TO;
import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The SCD2 change set of a batch, in one pass over the join of the batch with the table's current versions: a new key
 * opens its first version, a key whose tracked columns changed closes its current version at the batch time and opens
 * a new one, an unchanged key writes nothing. The same pass guards the invariant that a key has one current version: a
 * batch key with several current versions in the table fails the write's job before anything commits.
 */
final class Scd2Changes {
    /** The text of the error that stops a write whose keys already have several current versions. */
    static final String GUARD = "__strata_scd2_guard";

    private static final String CURRENT_ROWS = "__strata_current_rows";
    private static final String VERSION = "__strata_version";

    private Scd2Changes() {}

    /** The batch (one row per key) as the versions it opens at {@code batchTime}. */
    static Dataset<Row> opened(Dataset<Row> batch, Timestamp batchTime) {
        return batch.withColumn(VALID_FROM, lit(batchTime))
                .withColumn(VALID_TO, lit(null).cast("timestamp"))
                .withColumn(IS_CURRENT, lit(true));
    }

    /**
     * The rows to upsert on the keys plus {@link TableSink#VALID_FROM}: the new versions and the closed ones. Each
     * joined row yields one or two rows through one {@code explode}, so the join runs once per evaluation of the
     * change set, not once for each kind of row.
     */
    static Dataset<Row> of(
            Dataset<Row> versions, Dataset<Row> table, List<String> keys, List<String> tracked, Timestamp batchTime) {
        Dataset<Row> current = table.filter(col(IS_CURRENT)).alias("t");
        Column join = lit(true);
        for (String key : keys) {
            join = join.and(col("s." + quote(key)).equalTo(col("t." + quote(key))));
        }
        Column unchanged = lit(true);
        for (String column : tracked) {
            unchanged = unchanged.and(col("s." + quote(column)).eqNullSafe(col("t." + quote(column))));
        }
        Column isNew = col("t." + quote(keys.get(0))).isNull();
        Column changed = isNew.unary_$bang().and(unchanged.unary_$bang());
        // The window is partitioned as the join's output already is (by the keys), so it adds no shuffle.
        Column[] sourceKeys = keys.stream().map(k -> col("s." + quote(k))).toArray(Column[]::new);
        Dataset<Row> joined = versions.alias("s")
                .join(current, join, "left")
                .withColumn(CURRENT_ROWS, count(lit(1)).over(Window.partitionBy(sourceKeys)))
                .filter(when(col(CURRENT_ROWS).gt(1), raise_error(lit(GUARD))).otherwise(lit(true)));
        StructType source = versions.schema();
        StructType target = current.schema();
        Set<String> columns = new LinkedHashSet<>(Arrays.asList(source.fieldNames()));
        columns.addAll(Arrays.asList(target.fieldNames()));
        List<Column> opened = new ArrayList<>();
        List<Column> closed = new ArrayList<>();
        for (String column : columns) {
            boolean inSource = Arrays.asList(source.fieldNames()).contains(column);
            boolean inTarget = Arrays.asList(target.fieldNames()).contains(column);
            DataType type = (inSource ? source : target).apply(column).dataType();
            opened.add((inSource ? col("s." + quote(column)) : lit(null).cast(type)).as(column));
            Column old;
            if (column.equals(VALID_TO)) {
                old = lit(batchTime);
            } else if (column.equals(IS_CURRENT)) {
                old = lit(false);
            } else {
                old = inTarget
                        ? col("t." + quote(column)).cast(type)
                        : lit(null).cast(type);
            }
            closed.add(old.as(column));
        }
        Column newVersion = struct(opened.toArray(Column[]::new));
        Column closedVersion = struct(closed.toArray(Column[]::new));
        return joined.filter(isNew.or(unchanged.unary_$bang()))
                .select(explode(when(changed, array(newVersion, closedVersion)).otherwise(array(newVersion)))
                        .as(VERSION))
                .select(VERSION + ".*");
    }

    /**
     * The error for a write that the guard stopped, naming up to three keys of the batch with several current
     * versions (found again on the table, only on this error path).
     */
    static StrataException explain(Dataset<Row> batch, Dataset<Row> table, WriteRequest request) {
        List<String> keys = request.write().keys();
        Column[] keyColumns = keys.stream().map(k -> col(quote(k))).toArray(Column[]::new);
        Column sameKey = lit(true);
        for (String key : keys) {
            sameKey = sameKey.and(col("c." + quote(key)).equalTo(col("k." + quote(key))));
        }
        List<Row> broken = table.filter(col(IS_CURRENT))
                .alias("c")
                .join(batch.select(keyColumns).distinct().alias("k"), sameKey, "left_semi")
                .groupBy(keyColumns)
                .count()
                .filter(col("count").gt(1))
                .limit(3)
                .collectAsList();
        return new StrataException(
                ErrorCode.DATASET_FAILED,
                "SCD2 guard failed for " + request.name() + ": keys " + broken
                        + " already have more than one current version, so the batch was not written (the table was"
                        + " changed outside this pipeline, or two writers raced; inspect it with strata sql, then"
                        + " repair it before the next run)");
    }
}
