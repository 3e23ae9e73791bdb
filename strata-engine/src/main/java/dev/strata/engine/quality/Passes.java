package dev.strata.engine.quality;

import dev.strata.core.quality.metric.MeasuredColumn;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.quality.rules.MetricPlan;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * The passes that measure a flagged batch: one over all its rows and, when rows are split off, one over the written
 * rows; {@code written} is null when the batch pass measures the written rows too.
 *
 * @param columns the written columns
 * @param statistics what the write's commit answers instead of the passes
 */
record Passes(List<MeasuredColumn> columns, MetricPass batch, MetricPass written, WrittenStatistics statistics) {
    /**
     * The passes of a batch whose written rows have schema {@code valid}, over the metrics {@code measured} selects.
     *
     * @param splits whether rows are split off, so the two populations differ
     */
    static Passes of(
            StructType valid,
            MetricPlan plan,
            RowFlags flags,
            boolean splits,
            Predicate<Metric<?>> measured,
            WrittenStatistics statistics) {
        List<MeasuredColumn> columns = Arrays.stream(valid.fields())
                .map(f -> new MeasuredColumn(f.name(), Profiler.kind(f.dataType())))
                .toList();
        Map<String, ColumnKind> kinds = new HashMap<>();
        columns.forEach(c -> kinds.put(c.name(), c.kind()));
        MetricAnalyzer.Batch batch = new MetricAnalyzer.Batch() {
            @Override
            public Column failed(RuleSpec rule) {
                return flags.failed(rule);
            }

            @Override
            public Column flag(OnFail action) {
                return flags.flag(action);
            }

            @Override
            public boolean allWritten() {
                return !splits;
            }

            @Override
            public Column asDouble(String column) {
                return DecimalValues.asDouble(RowRules.column(column), DecimalValues.type(valid, column));
            }

            @Override
            public ColumnKind kind(String column) {
                return kinds.get(column);
            }

            @Override
            public WrittenStatistics statistics() {
                return statistics;
            }
        };
        MetricPass rows = new MetricPass(
                "b", inPass(plan.batch()).stream().filter(measured).toList(), batch);
        MetricPass written = new MetricPass(
                "w", inPass(plan.written(columns)).stream().filter(measured).toList(), batch);
        return splits
                ? new Passes(columns, rows, written, statistics)
                : new Passes(columns, rows.with(written), null, statistics);
    }

    private static List<Metric<?>> inPass(List<Metric<?>> metrics) {
        return metrics.stream().filter(m -> Analyzers.inPass(m) != null).toList();
    }
}
