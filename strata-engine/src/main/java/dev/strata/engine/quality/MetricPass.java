package dev.strata.engine.quality;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.engine.session.OneJob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Metrics compiled into the aggregate expressions of one pass over a batch: one aggregation, or one observation that
 * rides along the write. Each metric's analyzer supplies its expressions and reads its value back by position; the
 * expressions are named {@code <prefix><position>}, so two passes over one plan never share a name.
 */
final class MetricPass {
    private final String prefix;
    private final List<Metric<?>> metrics;
    private final int[] offsets;
    private final List<Column> columns = new ArrayList<>();
    private final MetricAnalyzer.Batch batch;

    MetricPass(String prefix, List<Metric<?>> metrics, MetricAnalyzer.Batch batch) {
        this.prefix = prefix;
        this.metrics = List.copyOf(metrics);
        this.offsets = new int[metrics.size()];
        this.batch = batch;
        for (int i = 0; i < metrics.size(); i++) {
            offsets[i] = columns.size();
            for (Column aggregate : aggregations(metrics.get(i), batch)) {
                columns.add(aggregate.as(prefix + columns.size()));
            }
        }
    }

    private static <V> List<Column> aggregations(Metric<V> metric, MetricAnalyzer.Batch batch) {
        return Analyzers.inPass(metric).aggregations(metric, batch);
    }

    /** The metrics of the pass. */
    List<Metric<?>> metrics() {
        return metrics;
    }

    /** The rows with the pass observed on the way: the results arrive when an action (the write) runs the plan. */
    Dataset<Row> observe(Dataset<Row> rows, Observation observation) {
        return rows.observe(
                observation, columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new));
    }

    /**
     * The pass run as one aggregation of {@code rows}: its results by expression name, as an observation has them.
     * A global aggregation to one row has nothing for adaptive execution to adapt, so it runs as one Spark job
     * ({@link OneJob}).
     */
    Map<String, Object> aggregate(Dataset<Row> rows) {
        return asMap(OneJob.in(
                rows.sparkSession(),
                () -> rows.agg(
                                columns.get(0),
                                columns.subList(1, columns.size()).toArray(Column[]::new))
                        .first()));
    }

    /**
     * This pass over every row of {@code rows} and {@code other} over the rows {@code where} holds for, as one
     * aggregation (one Spark job, {@link OneJob}): their results by expression name. Each aggregate function of {@code
     * other} takes {@code where} as its {@code FILTER} clause, so it sees exactly the rows it would see aggregated alone
     * over {@code rows.filter(where)}, in the same order. Null when the plans are not as expected: then aggregate each.
     */
    Map<String, Object> aggregateWith(Dataset<Row> rows, MetricPass other, Column where) {
        if (columns.isEmpty() || other.columns.isEmpty()) {
            return null;
        }
        LogicalPlan probe = rows.agg(
                        other.columns.get(0),
                        other.columns.subList(1, other.columns.size()).toArray(Column[]::new))
                .queryExecution()
                .analyzed();
        LogicalPlan filter = rows.filter(where).queryExecution().analyzed();
        if (!(probe instanceof Aggregate resolved) || !(filter instanceof Filter filtered)) {
            return null;
        }
        List<Column> all = new ArrayList<>(columns);
        for (NamedExpression aggregate : JavaConverters.seqAsJavaList(resolved.aggregateExpressions())) {
            all.add(new Column(where((Expression) aggregate, filtered.condition())));
        }
        return asMap(OneJob.in(
                rows.sparkSession(),
                () -> rows.agg(all.get(0), all.subList(1, all.size()).toArray(Column[]::new))
                        .first()));
    }

    /** {@code expression} with {@code condition} added to the {@code FILTER} clause of every aggregate in it. */
    private static Expression where(Expression expression, Expression condition) {
        if (expression instanceof AggregateExpression aggregate) {
            Expression filter =
                    aggregate.filter().isDefined() ? new And(aggregate.filter().get(), condition) : condition;
            return new AggregateExpression(
                    aggregate.aggregateFunction(),
                    aggregate.mode(),
                    aggregate.isDistinct(),
                    Option.apply(filter),
                    aggregate.resultId());
        }
        List<Expression> children = new ArrayList<>();
        JavaConverters.seqAsJavaList(expression.children()).forEach(child -> children.add(where(child, condition)));
        return expression.withNewChildren(JavaConverters.asScalaBuffer(children).toSeq());
    }

    /** Reads every metric of the pass from its results into {@code metrics}. */
    void read(Map<String, Object> results, BatchMetrics.Builder metrics) {
        for (int i = 0; i < this.metrics.size(); i++) {
            read(this.metrics.get(i), offsets[i], results, metrics);
        }
    }

    /** One metric of the pass from its results, before the others are read. */
    <V> V value(Metric<V> metric, Map<String, Object> results) {
        int index = metrics.indexOf(metric);
        return Analyzers.inPass(metric).read(metric, i -> results.get(prefix + i), offsets[index], batch);
    }

    private <V> void read(Metric<V> metric, int offset, Map<String, Object> results, BatchMetrics.Builder metrics) {
        metrics.put(metric, Analyzers.inPass(metric).read(metric, i -> results.get(prefix + i), offset, batch));
    }

    /** This pass and {@code other} as one, for a batch whose written rows are all its rows. */
    MetricPass with(MetricPass other) {
        List<Metric<?>> all = new ArrayList<>(metrics);
        other.metrics.stream().filter(m -> !all.contains(m)).forEach(all::add);
        return new MetricPass(prefix, all, batch);
    }

    /** A Row's fields by name, as an observation reports them. */
    static Map<String, Object> asMap(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        String[] names = row.schema().fieldNames();
        for (int i = 0; i < names.length; i++) {
            values.put(names[i], row.get(i));
        }
        return values;
    }

    @Override
    public String toString() {
        return prefix + Arrays.toString(metrics.toArray());
    }
}
