package dev.strata.engine.quality;

import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * How one kind of metric is measured in a pass over a batch, as Deequ's {@code Analyzer}: the aggregate expressions it
 * adds to the batch's one aggregation (or observation), and how it reads its value back from the results, starting at
 * the offset of its first expression. {@link Analyzers} finds the analyzer of a metric by the metric's class.
 *
 * @param <M> the metric key
 * @param <V> the measured value
 */
public interface MetricAnalyzer<M extends Metric<V>, V> {
    /** The aggregate expressions that measure {@code metric}; none when it cannot be measured on this batch. */
    List<Column> aggregations(M metric, Batch batch);

    /** The value of {@code metric} from the results of its expressions, which start at {@code offset}. */
    V read(M metric, Results results, int offset, Batch batch);

    /** What an analyzer may ask of the batch it measures. */
    interface Batch {
        /** The boolean column that is true for the rows a row rule fails. */
        Column failed(RuleSpec rule);

        /** The boolean column that is true for the rows {@code action} takes out of the batch. */
        Column flag(OnFail action);

        /** True when every row of the batch is written, so what the commit answers holds for the batch too. */
        default boolean allWritten() {
            return false;
        }

        /** A written column as a double, as {@code CAST(column AS DOUBLE)} gives it. */
        default Column asDouble(String column) {
            return RowRules.column(column).cast("double");
        }

        /** The type family of a written column; null when the written rows have no such column. */
        ColumnKind kind(String column);

        /** What the write's commit answers instead of the pass; {@link WrittenStatistics#NONE} when nothing. */
        default WrittenStatistics statistics() {
            return WrittenStatistics.NONE;
        }
    }

    /** The results of one aggregation or observation, by position. */
    @FunctionalInterface
    interface Results {
        Object get(int index);
    }
}
