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
}
