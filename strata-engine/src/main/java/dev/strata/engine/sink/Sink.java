package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.literal;
import static dev.strata.engine.sql.SqlSyntax.qualified;
import static dev.strata.engine.sql.SqlSyntax.quote;

import dev.strata.core.error.UnsupportedFeatureException;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes rows to one table format. Implementations are found by {@link #format()} through ServiceLoader; table formats
 * extend {@link TableSink}, which implements the write modes, schema evolution and exactly-once once for all.
 */
public interface Sink {
    /** The format name used in pipeline files, e.g. {@code delta}. */
    String format();

    /** Writes the rows in one atomic commit, as the request's mode says; a batch already committed is skipped. */
    WriteResult write(Dataset<Row> rows, WriteRequest request);

    /**
     * Whether a write delivers the {@code Dataset.observe} metrics of the rows it writes. A format whose writer runs the
     * rows as an RDD rather than as the observed query (Hudi) never does: its batches are measured before the write.
     */
    default boolean reportsObservations() {
        return true;
    }

    /** Whether the table exists. */
    boolean exists(SparkSession spark, TableRef table);

    /** Reads the whole current table. */
    Dataset<Row> read(SparkSession spark, TableRef table);

    /**
     * Makes the table queryable in SQL as {@code layer.name}. The default registers its location in the session
     * catalog; a format whose tables live in their own catalog overrides it.
     */
    default void register(SparkSession spark, TableRef table) {
        String name = qualified(table.name().layer(), table.name().name());
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + quote(table.name().layer()));
        dropRegistration(spark, table);
        spark.sql("CREATE TABLE " + name + " USING " + format() + " LOCATION " + literal(table.location()));
    }

    /** Removes the session catalog's entry for the table's {@code layer.name}, whether a table or a view. */
    static void dropRegistration(SparkSession spark, TableRef table) {
        String layer = table.name().layer();
        String name = table.name().name();
        if (!spark.catalog().tableExists(layer, name)) {
            return;
        }
        boolean view;
        try {
            view = "VIEW".equalsIgnoreCase(spark.catalog().getTable(layer, name).tableType());
        } catch (org.apache.spark.sql.AnalysisException e) {
            return;
        }
        spark.sql((view ? "DROP VIEW " : "DROP TABLE ") + qualified(layer, name));
    }

    /** Compacts small files and removes versions older than the retention; formats without maintenance refuse. */
    default MaintenanceResult maintain(SparkSession spark, TableRef table, Duration retention) {
        throw new UnsupportedFeatureException(
                "table maintenance for format " + format(), "datasets." + table.name() + ".write.format");
    }
}
