package dev.strata.engine.quality;

import dev.strata.core.quality.metric.Metric;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A metric that needs a grouping of its own rather than an aggregate expression, like Deequ's frequency-based
 * analyzers: one more job over the rows, run only when a rule asks for the metric.
 */
public interface GroupingAnalyzer<M extends Metric<V>, V> {
    /** The value of {@code metric} over {@code rows}. */
    V measure(M metric, Dataset<Row> rows);
}
