package dev.strata.engine.quality;

import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics;
import dev.strata.core.quality.metric.Metrics.ColumnStats;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.Set;

/**
 * The metrics a table's statistics answer exactly, for a check of the whole table (no row is split off): row counts,
 * a column's non-NULL count, the failing count of {@code not_null}, of a {@code between} whose bounds hold every value,
 * and a column's min and max. Everything else is left to the check's one aggregation.
 */
public final class StatisticsAnswers implements BatchQuality.Known {
    private final TableStatistics statistics;
    private final Set<String> boundsOnly;

    /**
     * @param boundsOnly the columns whose {@link Metrics.Stats} may be answered with min and max alone: no rule reads
     *     their sum, mean or standard deviation, and the metrics are not recorded
     */
    public StatisticsAnswers(TableStatistics statistics, Set<String> boundsOnly) {
        this.statistics = statistics;
        this.boundsOnly = Set.copyOf(boundsOnly);
    }

    @Override
    public Object answer(Metric<?> metric) {
        long rows = statistics.rows();
        if (metric instanceof Metrics.Rows) {
            return rows;
        }
        if (metric instanceof Metrics.Flagged) {
            return 0L;
        }
        if (metric instanceof Metrics.CheckedRows checked) {
            return checked.where() == null ? rows : null;
        }
        if (metric instanceof Metrics.NonNull nonNull) {
            Long nulls = statistics.nullCounts().get(nonNull.column());
            return nulls == null ? null : rows - nulls;
        }
        if (metric instanceof Metrics.FailedRows failed) {
            return failed(failed.rule());
        }
        if (metric instanceof Metrics.Stats stats) {
            return stats(stats.column());
        }
        return null;
    }

    private Long failed(RuleSpec rule) {
        if (rule.where() != null || rule.column() == null) {
            return null;
        }
        Long nulls = statistics.nullCounts().get(rule.column());
        if (nulls == null) {
            return null;
        }
        if (rule.rule() == RuleType.NOT_NULL) {
            return nulls;
        }
        if (rule.rule() == RuleType.BETWEEN && nulls == 0 && within(rule)) {
            // NULL fails between; with none, and every value inside the bounds, no row fails.
            return 0L;
        }
        return null;
    }

    private boolean within(RuleSpec rule) {
        Double min = statistics.mins().get(rule.column());
        Double max = statistics.maxes().get(rule.column());
        if (min == null || max == null) {
            return statistics.rows() == 0;
        }
        boolean strict = rule.strict();
        boolean aboveMin = rule.min() == null
                || (strict ? min > rule.min().doubleValue() : min >= rule.min().doubleValue());
        boolean belowMax = rule.max() == null
                || (strict ? max < rule.max().doubleValue() : max <= rule.max().doubleValue());
        return aboveMin && belowMax;
    }

    private ColumnStats stats(String column) {
        if (!boundsOnly.contains(column) || !statistics.nullCounts().containsKey(column)) {
            return null;
        }
        if (statistics.nullCounts().get(column) == statistics.rows()) {
            return new ColumnStats(null, null, null, null);
        }
        Double min = statistics.mins().get(column);
        Double max = statistics.maxes().get(column);
        // Only min and max are known: the sum and standard deviation are NaN, which nothing reads (see boundsOnly).
        return min == null || max == null ? null : new ColumnStats(Double.NaN, min, max, Double.NaN);
    }
}
