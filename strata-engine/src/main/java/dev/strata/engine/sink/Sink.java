package dev.strata.engine.sink;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes rows to one table format. Implementations are found by {@link #format()} through ServiceLoader. */
public interface Sink {
    /** The format name used in pipeline files, e.g. {@code delta}. */
    String format();

    /** Writes the rows in one atomic commit, as the request's mode says. */
    WriteResult write(Dataset<Row> rows, WriteRequest request);

    /** Whether a table exists at the location. */
    boolean exists(org.apache.spark.sql.SparkSession spark, String location);

    /** Reads the whole current table at the location. */
    Dataset<Row> read(org.apache.spark.sql.SparkSession spark, String location);
}
