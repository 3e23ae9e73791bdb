package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.WriteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** A merge or SCD2 batch reduced to one row per key, as every format's MERGE needs it. */
final class OnePerKey {
    private OnePerKey() {}

    /** The text of the error that stops a write whose batch holds a key twice; {@link #explain} restates it. */
    static final String DUPLICATE_KEY = "__strata_duplicate_key";

    private static final String COUNT = "__strata_key_rows";

    /**
     * The batch with one row per key: the first by {@code order_by} when it is set; otherwise a batch that holds a key
     * twice is refused, because which row should win is the user's call. The refusal costs no pass of its own: rows are
     * counted per key in a window, which shares the shuffle on the keys that the merge's join needs anyway, and a second
     * row of a key fails the write's job before anything commits ({@link #explain} turns that failure into the error).
     */
    static Dataset<Row> of(Dataset<Row> batch, WriteRequest request) {
        WriteSpec write = request.write();
        Column[] keys = keyColumns(write);
        if (write.orderBy() != null) {
            WindowSpec window = Window.partitionBy(keys).orderBy(orderColumns(write.orderBy()));
            return batch.withColumn("__strata_rank", row_number().over(window))
                    .filter(col("__strata_rank").equalTo(1))
                    .drop("__strata_rank");
        }
        return batch.withColumn(COUNT, count(lit(1)).over(Window.partitionBy(keys)))
                .filter(when(col(COUNT).gt(1), raise_error(lit(DUPLICATE_KEY))).otherwise(lit(true)))
                .drop(COUNT);
    }

    /**
     * The error for a write that failed because its batch holds a key twice, with up to three of those keys, found
     * again on the batch (only on this error path).
     */
    static StrataException explain(Dataset<Row> batch, WriteRequest request) {
        WriteSpec write = request.write();
        Column[] keys = keyColumns(write);
        List<Row> duplicates =
                batch.groupBy(keys).count().filter(col("count").gt(1)).limit(3).collectAsList();
        String examples = duplicates.stream()
                .map(r -> {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < keys.length; i++) {
                        values.add(write.keys().get(i) + "=" + r.get(i));
                    }
                    return "(" + String.join(", ", values) + ") x" + r.getLong(keys.length);
                })
                .collect(Collectors.joining(", "));
        return new StrataException(
                ErrorCode.DATASET_FAILED,
                "Cannot " + write.mode().id() + " into " + request.name() + ": the batch holds keys " + write.keys()
                        + " more than once, e.g. " + examples
                        + " (set write.order_by, e.g. order_by: \"updated_at DESC\", to keep the first row per"
                        + " key, or add a dedupe step)");
    }

    /** True when {@code failure} or one of its causes carries {@code marker}, the text of a {@code raise_error}. */
    static boolean causedBy(Throwable failure, String marker) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static Column[] keyColumns(WriteSpec write) {
        return write.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new);
    }

    /** {@code "updated_at DESC, id"} as sort columns. */
    static Column[] orderColumns(String orderBy) {
        List<Column> columns = new ArrayList<>();
        for (String part : orderBy.split(",")) {
            String[] words = part.trim().split("\\s+");
            Column column = expr(words[0]);
            boolean descending = words.length > 1 && words[1].equalsIgnoreCase("desc");
            columns.add(descending ? column.desc_nulls_last() : column.asc_nulls_last());
        }
        return columns.toArray(Column[]::new);
    }
}
