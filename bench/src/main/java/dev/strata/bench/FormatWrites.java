package dev.strata.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One side of the formats benchmark (Strata's sink, or the format's own API by hand) for one format. Every table lives
 * at {@code <root>/bench/<table>}, whatever the format.
 */
interface FormatWrites {
    /** The operations the benchmark times. */
    enum Operation {
        APPEND,
        MERGE,
        SCD2;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Creates the table the operation starts from; not timed. Append starts from no table. */
    void preload(Operation operation, String table);

    /** The timed write, commit included. */
    void run(Operation operation, String table);

    /** The table's current rows, without any format metadata columns. */
    Dataset<Row> read(String table);

    /** The benchmark's tables' root folder. */
    Path root();

    /** Deletes the table's files; not timed. */
    default void drop(String table) {
        BenchSetup.delete(root().resolve("bench").resolve(table));
    }
}
