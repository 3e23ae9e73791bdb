package dev.strata.engine.quality;

import static dev.strata.engine.quality.StandardAnalyzers.single;
import static dev.strata.engine.quality.StandardAnalyzers.whereClause;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics;
import dev.strata.core.quality.rules.ApproxCountDistinctRule;
import dev.strata.core.quality.rules.ApproxQuantileRule;
import dev.strata.core.quality.rules.CorrelationRule;
import dev.strata.core.quality.rules.FrequencyRule;
import dev.strata.core.quality.rules.ReferencesRule;
import dev.strata.core.quality.rules.VarianceRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The analyzer of every metric kind, by the metric's class: the one list to extend when a rule kind brings a metric of
 * its own. A metric is measured either in the batch's one pass ({@link MetricAnalyzer}) or by a grouping of its own
 * ({@link GroupingAnalyzer}); an {@code aggregate} over DISTINCT values, which an observation cannot compute, by an
 * aggregation of its own.
 */
final class Analyzers {
    private static final Map<Class<?>, MetricAnalyzer<?, ?>> IN_PASS = new LinkedHashMap<>();
    private static final Map<Class<?>, GroupingAnalyzer<?, ?>> GROUPING = new LinkedHashMap<>();
    private static final GroupingAnalyzer<Metrics.Aggregate, Double> DISTINCT_AGGREGATE =
            new DistinctAggregateAnalyzer();

    static {
        inPass(Metrics.Rows.class, single((m, batch) -> count(lit(1)), StandardAnalyzers::asLong));
        inPass(
                Metrics.Flagged.class,
                single((m, batch) -> RowRules.countTrue(batch.flag(m.action())), StandardAnalyzers::asLong));
        inPass(Metrics.FailedRows.class, new StandardAnalyzers.FailedRowsAnalyzer());
        inPass(
                Metrics.CheckedRows.class,
                single((m, batch) -> RowRules.countTrue(whereClause(m.where())), StandardAnalyzers::asLong));
        inPass(
                Metrics.KeyedRows.class,
                single(
                        (m, batch) ->
                                RowRules.countTrue(whereClause(m.where()).and(not(RowRules.allNull(m.columns())))),
                        StandardAnalyzers::asLong));
        inPass(Metrics.NonNull.class, new StandardAnalyzers.NonNullAnalyzer());
        inPass(Metrics.Stats.class, new StandardAnalyzers.StatsAnalyzer());
        inPass(
                Metrics.Sketch.class,
                single((m, batch) -> StandardAnalyzers.sketch(m.columns(), m.where()), StandardAnalyzers::sketched));
        inPass(Metrics.Aggregate.class, single((m, batch) -> expr(m.expression()), StandardAnalyzers::asDouble));
        inPass(
                Metrics.Newest.class,
                single(
                        (m, batch) -> max(when(whereClause(m.where()), RowRules.column(m.column()))),
                        TimeValues::epochSeconds));
        inPass(
                Metrics.Filtered.class,
                single((m, batch) -> StandardAnalyzers.filtered(m), StandardAnalyzers::asDouble));
        inPass(CorrelationRule.Correlation.class, new CorrelationAnalyzer());
        inPass(
                VarianceRule.Variance.class,
                single((m, batch) -> SpreadAnalyzers.variance(m), StandardAnalyzers::asDouble));
        inPass(
                ApproxQuantileRule.Quantile.class,
                single((m, batch) -> SpreadAnalyzers.quantile(m), StandardAnalyzers::asDouble));
        inPass(
                ApproxCountDistinctRule.HllPlusPlus.class,
                single((m, batch) -> SpreadAnalyzers.hllPlusPlus(m), StandardAnalyzers::asDouble));
        inPass(ReferencesRule.Unmatched.class, single(SpreadAnalyzers::unmatched, StandardAnalyzers::asLong));
        grouping(FrequencyRule.Frequencies.class, new FrequencyAnalyzer());
    }

    private Analyzers() {}

    private static <M extends Metric<V>, V> void inPass(Class<M> type, MetricAnalyzer<M, V> analyzer) {
        IN_PASS.put(type, analyzer);
    }

    private static <M extends Metric<V>, V> void grouping(Class<M> type, GroupingAnalyzer<M, V> analyzer) {
        GROUPING.put(type, analyzer);
    }

    /** The analyzer that measures {@code metric} in a pass, or null when it needs a grouping of its own. */
    @SuppressWarnings("unchecked")
    static <V> MetricAnalyzer<Metric<V>, V> inPass(Metric<V> metric) {
        if (aggregatesDistinct(metric)) {
            return null;
        }
        return (MetricAnalyzer<Metric<V>, V>) IN_PASS.get(metric.getClass());
    }

    /** The analyzer that measures {@code metric} by a grouping, or null when it is measured in a pass. */
    @SuppressWarnings("unchecked")
    static <V> GroupingAnalyzer<Metric<V>, V> grouping(Metric<V> metric) {
        if (aggregatesDistinct(metric)) {
            return (GroupingAnalyzer<Metric<V>, V>) (GroupingAnalyzer<?, ?>) DISTINCT_AGGREGATE;
        }
        return (GroupingAnalyzer<Metric<V>, V>) GROUPING.get(metric.getClass());
    }

    /** An aggregate over DISTINCT values, which Spark's observations refuse: it is measured by an aggregation alone. */
    private static boolean aggregatesDistinct(Metric<?> metric) {
        return metric instanceof Metrics.Aggregate aggregate
                && DistinctAggregateAnalyzer.aggregatesDistinct(aggregate.expression());
    }
}
