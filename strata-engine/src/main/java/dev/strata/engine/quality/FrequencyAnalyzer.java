package dev.strata.engine.quality;

import static dev.strata.engine.quality.StandardAnalyzers.whereClause;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.rules.FrequencyRule.Frequencies;
import dev.strata.core.quality.rules.FrequencyRule.Frequency;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The value counts of some columns by one grouping, as Deequ's frequency-based analyzers compute them: rows whose
 * columns are all NULL are left out, and NULL in some of the columns is a value. One aggregation over the counts
 * {@code c} then gives every rule on these columns what it needs: {@code Σ c} (the rows), the values with {@code c = 1},
 * the distinct values, and {@code Σ c·ln c} for the entropy.
 */
final class FrequencyAnalyzer implements GroupingAnalyzer<Frequencies, Frequency> {
    private static final String COUNT = "__strata_count";

    @Override
    public Frequency measure(Frequencies metric, Dataset<Row> rows) {
        Row totals = rows.where(whereClause(metric.where()).and(not(RowRules.allNull(metric.columns()))))
                .groupBy(RowRules.columns(metric.columns()))
                .agg(count(lit(1)).as(COUNT))
                .agg(
                        sum(col(COUNT)),
                        sum(when(col(COUNT).equalTo(1), 1L).otherwise(0L)),
                        count(lit(1)),
                        sum(col(COUNT).multiply(log(col(COUNT)))))
                .first();
        if (totals.isNullAt(0)) {
            return new Frequency(0, 0, 0, 0);
        }
        return new Frequency(totals.getLong(0), totals.getLong(1), totals.getLong(2), totals.getDouble(3));
    }
}
