package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.ColumnStats;
import dev.strata.core.quality.metric.Metrics.FailedRows;
import dev.strata.core.quality.metric.Metrics.Filtered;
import dev.strata.core.quality.metric.Metrics.NonNull;
import dev.strata.core.quality.metric.Metrics.Sketched;
import dev.strata.core.quality.metric.Metrics.Stats;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.spark.sql.Column;

/** The aggregate expressions of the built-in metrics, and how their results read back. */
final class StandardAnalyzers {
    /** HLL sketch size: 2^14 buckets, a relative standard error of about 0.8%. */
    static final int HLL_LG_K = 14;

    private StandardAnalyzers() {}

    /** An analyzer of one aggregate expression whose result {@code read} converts (it may be NULL). */
    static <M extends Metric<V>, V> MetricAnalyzer<M, V> single(
            BiFunction<M, MetricAnalyzer.Batch, Column> aggregate, Function<Object, V> read) {
        return new MetricAnalyzer<>() {
            @Override
            public List<Column> aggregations(M metric, Batch batch) {
                return List.of(aggregate.apply(metric, batch));
            }

            @Override
            public V read(M metric, Results results, int offset, Batch batch) {
                Object value = results.get(offset);
                return value == null ? null : read.apply(value);
            }
        };
    }

    static Long asLong(Object value) {
        return ((Number) value).longValue();
    }

    static Double asDouble(Object value) {
        return ((Number) value).doubleValue();
    }

    /** A column's non-NULL values: counted by the pass, or from the write's commit (see {@link WrittenStatistics}). */
    static final class NonNullAnalyzer implements MetricAnalyzer<NonNull, Long> {
        @Override
        public List<Column> aggregations(NonNull metric, Batch batch) {
            return batch.statistics().counts(metric.column())
                    ? List.of()
                    : List.of(count(RowRules.column(metric.column())));
        }

        @Override
        public Long read(NonNull metric, Results results, int offset, Batch batch) {
            return batch.statistics().counts(metric.column())
                    ? batch.statistics().nonNull(metric.column())
                    : asLong(results.get(offset));
        }
    }

    /**
     * The rows a row rule fails: counted by the pass or, for a {@code not_null} rule over every row when every row is
     * written, the column's NULL count in the write's commit (see {@link WrittenStatistics}).
     */
    static final class FailedRowsAnalyzer implements MetricAnalyzer<FailedRows, Long> {
        @Override
        public List<Column> aggregations(FailedRows metric, Batch batch) {
            return fromCommit(metric.rule(), batch)
                    ? List.of()
                    : List.of(RowRules.countTrue(batch.failed(metric.rule())));
        }

        @Override
        public Long read(FailedRows metric, Results results, int offset, Batch batch) {
            return fromCommit(metric.rule(), batch)
                    ? batch.statistics().nulls(metric.rule().column())
                    : asLong(results.get(offset));
        }

        private static boolean fromCommit(RuleSpec rule, Batch batch) {
            return rule.rule() == RuleType.NOT_NULL
                    && rule.checkedWhere() == null
                    && batch.allWritten()
                    && batch.statistics().counts(rule.column());
        }
    }

    /**
     * Sum, min, max and standard deviation of a number; min and max of a date or timestamp, in epoch seconds. The min
     * and max of an integer or decimal column come from the write's commit when it holds them ({@link
     * WrittenStatistics}).
     */
    static final class StatsAnalyzer implements MetricAnalyzer<Stats, ColumnStats> {
        @Override
        public List<Column> aggregations(Stats metric, Batch batch) {
            ColumnKind kind = batch.kind(metric.column());
            Column value = RowRules.column(metric.column());
            if (kind != null && kind.numeric()) {
                Column number = batch.asDouble(metric.column());
                return batch.statistics().bounds(metric.column())
                        ? List.of(sum(number), stddev_pop(number))
                        : List.of(sum(number), min(number), max(number), stddev_pop(number));
            }
            return isTime(kind) ? List.of(min(value), max(value)) : List.of();
        }

        @Override
        public ColumnStats read(Stats metric, Results results, int offset, Batch batch) {
            ColumnKind kind = batch.kind(metric.column());
            if (kind != null && kind.numeric() && batch.statistics().bounds(metric.column())) {
                WrittenStatistics committed = batch.statistics();
                return new ColumnStats(
                        number(results.get(offset)),
                        committed.min(metric.column()),
                        committed.max(metric.column()),
                        number(results.get(offset + 1)));
            }
            if (kind != null && kind.numeric()) {
                return new ColumnStats(
                        number(results.get(offset)),
                        number(results.get(offset + 1)),
                        number(results.get(offset + 2)),
                        number(results.get(offset + 3)));
            }
            if (!isTime(kind)) {
                return null;
            }
            return new ColumnStats(null, epoch(results.get(offset)), epoch(results.get(offset + 1)), null);
        }

        private static boolean isTime(ColumnKind kind) {
            return kind == ColumnKind.DATE || kind == ColumnKind.TIMESTAMP;
        }

        private static Double number(Object value) {
            return value == null ? null : asDouble(value);
        }

        private static Double epoch(Object value) {
            return value == null ? null : TimeValues.epochSeconds(value);
        }
    }

    /** An HLL sketch of the text of one column, or of a JSON of several, over the rows {@code where} selects. */
    static Column sketch(List<String> columns, String where) {
        Column input = columns.size() == 1
                ? RowRules.column(columns.get(0)).cast("string")
                : when(not(RowRules.allNull(columns)), to_json(struct(RowRules.columns(columns))));
        return hll_sketch_agg(where == null ? input : when(whereClause(where), input), HLL_LG_K);
    }

    static Sketched sketched(Object bytes) {
        byte[] sketch = (byte[]) bytes;
        return new Sketched(
                Math.round(HllSketch.heapify(Memory.wrap(sketch)).getEstimate()),
                Base64.getEncoder().encodeToString(sketch));
    }

    /** One statistic of a column over the rows its condition selects. */
    static Column filtered(Filtered metric) {
        Column selected = whereClause(metric.where());
        Column value = when(selected, RowRules.column(metric.column()));
        return switch (metric.statistic()) {
            case COMPLETENESS -> count(value).divide(RowRules.countTrue(selected));
            case MIN -> min(value.cast("double"));
            case MAX -> max(value.cast("double"));
            case MEAN -> avg(value.cast("double"));
            case STDDEV -> stddev_pop(value.cast("double"));
            case SUM -> sum(value.cast("double"));
        };
    }

    static Column whereClause(String where) {
        return where == null ? lit(true) : coalesce(expr(where), lit(false));
    }
}
