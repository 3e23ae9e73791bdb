package dev.strata.engine.sink;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/** A sink whose tables keep the dataset's {@code description:} and its columns' descriptions as comments. */
public interface SupportsComments {
    /**
     * Sets the table's comment and its columns' comments that differ from {@code comments}, leaving the others as they
     * are; a described column the table lacks is skipped. Returns what it changed, e.g. {@code "comment on email"}.
     */
    List<String> comment(SparkSession spark, TableRef table, TableComments comments);
}
