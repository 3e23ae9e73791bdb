package dev.strata.engine.quality;

import static dev.strata.engine.quality.StandardAnalyzers.whereClause;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;

import dev.strata.core.quality.rules.EntropyRule.Entropy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Entropy by one grouping of the column, as Deequ's frequency-based analyzers do: the count {@code c} of each non-NULL
 * value, then {@code H = ln N - Σ c·ln c / N} with {@code N = Σ c}, which is {@code -Σ p·ln p} for {@code p = c / N}
 * computed in one aggregation over the counts.
 */
final class EntropyAnalyzer implements GroupingAnalyzer<Entropy, Double> {
    private static final String VALUE = "__strata_value";

    @Override
    public Double measure(Entropy metric, Dataset<Row> rows) {
        Row totals = rows.where(whereClause(metric.where()))
                .select(RowRules.column(metric.column()).as(VALUE))
                .where(col(VALUE).isNotNull())
                .groupBy(VALUE)
                .count()
                .agg(sum(col("count")), sum(col("count").multiply(log(col("count")))))
                .first();
        if (totals.isNullAt(0)) {
            return null;
        }
        double values = totals.getLong(0);
        return Math.log(values) - totals.getDouble(1) / values;
    }
}
