package dev.strata.engine.transform;

import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.strata.core.spec.TransformSpec;
import dev.strata.engine.sql.SqlSyntax;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/** Applies the built-in transform steps to a frame. */
public final class Transforms {
    /** The temp view name a {@code sql} step reads the current rows from. */
    public static final String INPUT_VIEW = "input";

    private static final String ROW_NUMBER = "__strata_rn";

    private Transforms() {}

    /**
     * Applies one step.
     *
     * @param tables resolves another dataset's current table, by its layer.name, for joins
     * @param sql runs a query in which other datasets may be named, for sql steps
     */
    public static Dataset<Row> apply(
            Dataset<Row> rows,
            TransformSpec step,
            Function<String, Dataset<Row>> tables,
            Function<String, Dataset<Row>> sql) {
        switch (step.kind()) {
            case SELECT:
                return rows.selectExpr(step.select().toArray(String[]::new));
            case RENAME:
                Dataset<Row> renamed = rows;
                for (Map.Entry<String, String> e : step.rename().entrySet()) {
                    renamed = renamed.withColumnRenamed(e.getKey(), e.getValue());
                }
                return renamed;
            case CAST:
                Dataset<Row> cast = rows;
                for (Map.Entry<String, String> e : step.cast().entrySet()) {
                    cast = cast.withColumn(e.getKey(), col(quote(e.getKey())).cast(e.getValue()));
                }
                return cast;
            case FILTER:
                return rows.filter(expr(step.filter()));
            case DERIVE:
                Dataset<Row> derived = rows;
                for (Map.Entry<String, String> e : step.derive().entrySet()) {
                    derived = derived.withColumn(e.getKey(), expr(e.getValue()));
                }
                return derived;
            case DEDUPE:
                return dedupe(rows, step.dedupe());
            case JOIN:
                return join(rows, step.join(), tables.apply(step.join().with()));
            case SQL:
                rows.createOrReplaceTempView(INPUT_VIEW);
                return sql.apply(step.sql());
        }
        throw new IllegalStateException("Unknown transform " + step.kind());
    }

    /** Keeps the first row per key by {@code order_by}; rows with any NULL key are all kept, never merged. */
    static Dataset<Row> dedupe(Dataset<Row> rows, TransformSpec.Dedupe dedupe) {
        String keys = dedupe.keys().stream().map(SqlSyntax::quote).collect(Collectors.joining(", "));
        String order = dedupe.orderBy() == null ? keys : dedupe.orderBy();
        Column anyKeyNull = dedupe.keys().stream()
                .map(k -> col(quote(k)).isNull())
                .reduce(Column::or)
                .orElseThrow();
        return rows.withColumn(ROW_NUMBER, expr("row_number() OVER (PARTITION BY " + keys + " ORDER BY " + order + ")"))
                .filter(col(ROW_NUMBER).equalTo(1).or(anyKeyNull))
                .drop(ROW_NUMBER);
    }

    static Dataset<Row> join(Dataset<Row> left, TransformSpec.Join join, Dataset<Row> right) {
        if (!join.on().isEmpty()) {
            return left.join(
                    right,
                    JavaConverters.asScalaBuffer(join.on()).toSeq(),
                    join.how().sparkName());
        }
        return left.as("l")
                .join(right.as("r"), expr(join.condition()), join.how().sparkName());
    }

    /** True when the steps can change the number of rows, so counting before and after is needed. */
    public static boolean canChangeRowCount(List<TransformSpec> steps) {
        return steps.stream().anyMatch(s -> switch (s.kind()) {
            case FILTER, DEDUPE, JOIN, SQL -> true;
            default -> false;
        });
    }
}
