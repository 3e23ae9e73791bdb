package dev.strata.engine.quality;

import static dev.strata.engine.quality.StandardAnalyzers.whereClause;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.rules.CorrelationRule.Correlation;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Pearson's correlation in the batch's pass: Spark's {@code corr}, over the rows where both columns are set. It is
 * NaN when one column has zero variance (0 / 0), and NULL with fewer than two such rows.
 */
final class CorrelationAnalyzer implements MetricAnalyzer<Correlation, Double> {
    @Override
    public List<Column> aggregations(Correlation metric, Batch batch) {
        Column selected = whereClause(metric.where());
        return List.of(corr(
                when(selected, RowRules.column(metric.first())).cast("double"),
                when(selected, RowRules.column(metric.second())).cast("double")));
    }

    @Override
    public Double read(Correlation metric, Results results, int offset, Batch batch) {
        Object value = results.get(offset);
        return value == null ? null : ((Number) value).doubleValue();
    }
}
