package dev.strata.engine.quality;

import static dev.strata.engine.quality.StandardAnalyzers.whereClause;
import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.var_pop;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.rules.ApproxCountDistinctRule;
import dev.strata.core.quality.rules.ApproxCountDistinctRule.HllPlusPlus;
import dev.strata.core.quality.rules.ApproxQuantileRule;
import dev.strata.core.quality.rules.ApproxQuantileRule.Quantile;
import dev.strata.core.quality.rules.ReferencesRule.Unmatched;
import dev.strata.core.quality.rules.VarianceRule.Variance;
import org.apache.spark.sql.Column;

/**
 * The aggregate expressions of the rule kinds that describe a column's spread and values beyond the standard
 * statistics: variance, an approximate quantile, the HyperLogLog++ distinct count, and a references rule's unmatched
 * values. Each is one aggregate of the batch's pass.
 */
final class SpreadAnalyzers {
    private SpreadAnalyzers() {}

    /** The population or sample variance of the selected non-NULL values, as doubles (NULL when there are none). */
    static Column variance(Variance metric) {
        Column value = selected(metric.column(), metric.where()).cast("double");
        return metric.sample() ? var_samp(value) : var_pop(value);
    }

    /**
     * The quantile by Spark's {@code percentile_approx} at accuracy 100: the digest Deequ's {@code ApproxQuantile}
     * builds with its default relative error of 0.01, so both return the same value.
     */
    static Column quantile(Quantile metric) {
        return percentile_approx(
                selected(metric.column(), metric.where()).cast("double"),
                lit(metric.quantile()),
                lit(ApproxQuantileRule.ACCURACY));
    }

    /** Spark's HyperLogLog++ at a relative standard deviation of 0.05, the estimator of Deequ's ApproxCountDistinct. */
    static Column hllPlusPlus(HllPlusPlus metric) {
        return approx_count_distinct(selected(metric.column(), metric.where()), ApproxCountDistinctRule.RELATIVE_SD);
    }

    /** Rows a references rule fails whose value is set: values the referenced column does not have. */
    static Column unmatched(Unmatched metric, MetricAnalyzer.Batch batch) {
        return RowRules.countTrue(batch.failed(metric.rule())
                .and(RowRules.column(metric.rule().column()).isNotNull()));
    }

    private static Column selected(String column, String where) {
        return where == null ? RowRules.column(column) : when(whereClause(where), RowRules.column(column));
    }
}
