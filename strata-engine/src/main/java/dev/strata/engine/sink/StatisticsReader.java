package dev.strata.engine.sink;

import dev.strata.engine.quality.TableStatistics;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** A table's statistics as its format's metadata keeps them, read without touching a data file. */
public final class StatisticsReader {
    private StatisticsReader() {}

    /**
     * The statistics of an existing table; empty when its format keeps none Strata can trust (Hudi, files), or when
     * some rows are deleted in a way the statistics do not count (Delta deletion vectors, Iceberg delete files).
     */
    public static Optional<TableStatistics> read(SparkSession spark, TableRef table, String format) {
        return switch (format) {
            case "delta" -> DeltaStatistics.read(spark, table.location());
            case "iceberg" -> IcebergStatistics.read(IcebergTables.load(spark, table));
            default -> Optional.empty();
        };
    }

    /** Whether {@link #committed} reads a commit's statistics of tables in {@code format} (only Delta's here). */
    public static boolean readsCommits(String format) {
        return "delta".equals(format);
    }

    /**
     * The statistics of the files the commit at {@code version} added: what an append or overwrite of that version
     * wrote. Empty when the format keeps none per commit that Strata reads ({@link #readsCommits}).
     */
    public static Optional<TableStatistics> committed(SparkSession spark, TableRef table, String format, long version) {
        return readsCommits(format) ? DeltaCommitStatistics.read(spark, table.location(), version) : Optional.empty();
    }
}
