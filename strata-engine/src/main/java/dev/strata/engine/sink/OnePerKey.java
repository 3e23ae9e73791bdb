package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;

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

    /**
     * The batch with one row per key: the first by {@code order_by} when it is set; otherwise a batch that holds a key
     * twice is refused, because which row should win is the user's call.
     */
    static Dataset<Row> of(Dataset<Row> batch, WriteRequest request) {
        WriteSpec write = request.write();
        Column[] keys = write.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new);
        if (write.orderBy() != null) {
            WindowSpec window = Window.partitionBy(keys).orderBy(orderColumns(write.orderBy()));
            return batch.withColumn("__strata_rank", row_number().over(window))
                    .filter(col("__strata_rank").equalTo(1))
                    .drop("__strata_rank");
        }
        List<Row> duplicates =
                batch.groupBy(keys).count().filter(col("count").gt(1)).limit(3).collectAsList();
        if (!duplicates.isEmpty()) {
            String examples = duplicates.stream()
                    .map(r -> {
                        List<String> values = new ArrayList<>();
                        for (int i = 0; i < keys.length; i++) {
                            values.add(write.keys().get(i) + "=" + r.get(i));
                        }
                        return "(" + String.join(", ", values) + ") x" + r.getLong(keys.length);
                    })
                    .collect(Collectors.joining(", "));
            throw new StrataException(
                    ErrorCode.DATASET_FAILED,
                    "Cannot " + write.mode().id() + " into " + request.name() + ": the batch holds keys "
                            + write.keys() + " more than once, e.g. " + examples
                            + " (set write.order_by, e.g. order_by: \"updated_at DESC\", to keep the first row per"
                            + " key, or add a dedupe step)");
        }
        return batch;
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
