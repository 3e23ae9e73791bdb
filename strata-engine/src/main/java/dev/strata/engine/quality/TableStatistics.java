package dev.strata.engine.quality;

import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegralType;

/**
 * What a table's metadata says about its rows without reading them: a Delta log's per-file {@code add.stats}, or an
 * Iceberg snapshot's manifests. Only what is exact is kept: the row count, a column's NULL count when every file has
 * one, and its smallest and largest values when every file has them and the type keeps them exact (integers and
 * decimals; strings and timestamps may be truncated, floating point has NaN).
 *
 * @param nullCounts NULL values by top-level column, for the columns every file counts
 * @param mins the smallest non-NULL value by column, for the columns {@link #exactBounds} allows and every file bounds
 * @param maxes the largest, likewise
 */
public record TableStatistics(
        long rows, Map<String, Long> nullCounts, Map<String, Double> mins, Map<String, Double> maxes) {
    public TableStatistics {
        nullCounts = Map.copyOf(nullCounts);
        mins = Map.copyOf(mins);
        maxes = Map.copyOf(maxes);
    }

    /** True when a format's bounds for a column of this type are exact values of the column. */
    public static boolean exactBounds(DataType type) {
        return type instanceof IntegralType || type instanceof DecimalType;
    }
}
