package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.expr;

import dev.strata.core.quality.metric.Metrics.Aggregate;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.JavaConverters;

/**
 * An {@code aggregate} rule whose expression aggregates {@code DISTINCT} values ({@code count(DISTINCT x) / count(x)}):
 * Spark cannot compute such an aggregate in an observation beside the write, so it gets one aggregation of its own over
 * the written rows, run only when a rule asks for it. Every other aggregate stays in the write's pass.
 */
final class DistinctAggregateAnalyzer implements GroupingAnalyzer<Aggregate, Double> {
    @Override
    public Double measure(Aggregate metric, Dataset<Row> rows) {
        Row value = rows.agg(expr(metric.expression())).first();
        return value.isNullAt(0) ? null : ((Number) value.get(0)).doubleValue();
    }

    /** Whether {@code expression} calls an aggregate with {@code DISTINCT} anywhere, as Spark's parser reads it. */
    static boolean aggregatesDistinct(String expression) {
        Deque<Expression> pending = new ArrayDeque<>();
        pending.push(expr(expression).expr());
        while (!pending.isEmpty()) {
            Expression next = pending.pop();
            if (next instanceof UnresolvedFunction function && function.isDistinct()) {
                return true;
            }
            JavaConverters.seqAsJavaList(next.children()).forEach(pending::push);
        }
        return false;
    }
}
