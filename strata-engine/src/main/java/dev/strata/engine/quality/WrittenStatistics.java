package dev.strata.engine.quality;

import dev.strata.core.quality.metric.MeasuredColumn;
import dev.strata.core.quality.rules.MetricPlan;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The written rows' metrics that the write's own commit answers, so the observation that rides along the write leaves
 * them out: a column's non-NULL count, and the min and max of an integer or decimal column. A Delta write collects each
 * file's row count, NULL counts, min and max anyway (its {@code add.stats}); aggregating them again beside the write
 * cost a comparison per value and row. Exact: the counts are counts, and those types' bounds are the values themselves
 * (a cast to double is monotonic, so the min of the doubles is the double of the min).
 *
 * <p>The columns are chosen before the write; the commit's statistics are {@link #settle settled} after it, and only
 * when they hold every value promised, for exactly the rows observed, are they taken; otherwise the batch is measured
 * again by aggregation.
 */
public final class WrittenStatistics {
    /** Nothing is answered by the commit: the pass measures every metric. */
    static final WrittenStatistics NONE = new WrittenStatistics(Set.of(), Set.of());

    private final Set<String> counted;
    private final Set<String> bounded;
    private TableStatistics committed;

    /**
     * @param counted the columns whose NULL count the commit will hold
     * @param bounded those of them whose min and max it will hold exactly
     */
    WrittenStatistics(Set<String> counted, Set<String> bounded) {
        this.counted = Set.copyOf(counted);
        this.bounded = Set.copyOf(bounded);
    }

    /** Delta's default {@code delta.dataSkippingNumIndexedCols}: the leading leaf columns a file has statistics for. */
    static final int INDEXED_COLUMNS = 32;

    /**
     * What a Delta commit of {@code written} will hold with its default settings: the NULL count of each measured
     * top-level column of a plain type among the first {@link #INDEXED_COLUMNS} leaf columns, and the bounds of the
     * integer and decimal ones. A table set up otherwise fails {@link #settle}, and the batch is measured again.
     */
    static WrittenStatistics delta(StructType written) {
        Set<String> measured = new LinkedHashSet<>();
        MetricPlan.measured(Arrays.stream(written.fields())
                        .map(f -> new MeasuredColumn(f.name(), Profiler.kind(f.dataType())))
                        .toList())
                .forEach(c -> measured.add(c.name()));
        Set<String> counted = new LinkedHashSet<>();
        Set<String> bounded = new LinkedHashSet<>();
        int leaves = 0;
        for (StructField field : written.fields()) {
            boolean plain = !(field.dataType() instanceof StructType
                    || field.dataType() instanceof ArrayType
                    || field.dataType() instanceof MapType);
            if (plain && leaves < INDEXED_COLUMNS && measured.contains(field.name())) {
                counted.add(field.name());
                if (TableStatistics.exactBounds(field.dataType())) {
                    bounded.add(field.name());
                }
            }
            leaves += leaves(field.dataType());
        }
        return new WrittenStatistics(counted, bounded);
    }

    private static int leaves(DataType type) {
        if (type instanceof StructType struct) {
            int count = 0;
            for (StructField field : struct.fields()) {
                count += leaves(field.dataType());
            }
            return count;
        }
        return 1;
    }

    /** True when the column's non-NULL count comes from the commit. */
    boolean counts(String column) {
        return counted.contains(column);
    }

    /** True when the column's min and max come from the commit. */
    boolean bounds(String column) {
        return bounded.contains(column);
    }

    /** True when nothing is left to the commit. */
    boolean none() {
        return counted.isEmpty();
    }

    /**
     * Takes the commit's statistics when they answer every promised metric for {@code rows} written rows: the same row
     * count, a NULL count for every counted column, and both bounds of every bounded column that has a value.
     *
     * @return whether they were taken; when false the batch must be measured without them
     */
    boolean settle(TableStatistics statistics, long rows) {
        if (statistics.rows() != rows) {
            return false;
        }
        for (String column : counted) {
            Long nulls = statistics.nullCounts().get(column);
            if (nulls == null) {
                return false;
            }
            boolean valued = nulls < rows;
            if (bounded.contains(column)
                    && valued
                    && (!statistics.mins().containsKey(column)
                            || !statistics.maxes().containsKey(column))) {
                return false;
            }
        }
        committed = statistics;
        return true;
    }

    long nonNull(String column) {
        return committed.rows() - committed.nullCounts().get(column);
    }

    /** The column's NULL values among the written rows. */
    long nulls(String column) {
        return committed.nullCounts().get(column);
    }

    /** The smallest value as a double; null when the column has none. */
    Double min(String column) {
        return committed.mins().get(column);
    }

    /** The largest value as a double; null when the column has none. */
    Double max(String column) {
        return committed.maxes().get(column);
    }
}
