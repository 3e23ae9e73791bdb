package dev.strata.engine.quality;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.spec.RuleSpec;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rules on a DataFrame outside a pipeline: the same flags and metrics a run computes, by aggregation (one pass over
 * the data when no rule splits rows off). For benchmarks, parity tests and notebooks.
 */
public final class QualityCheck {
    private QualityCheck() {}

    /** Judges {@code rows} against {@code rules}, with no history (anomaly rules report that they have none). */
    public static Verdicts.Verdict evaluate(Dataset<Row> rows, List<RuleSpec> rules) {
        return evaluate(rows, rules, name -> rows.sparkSession().table(name), MetricHistory.none());
    }

    /**
     * Judges {@code rows} against {@code rules}.
     *
     * @param readTable the table a references rule names, by {@code layer.name}
     */
    public static Verdicts.Verdict evaluate(
            Dataset<Row> rows, List<RuleSpec> rules, Function<String, Dataset<Row>> readTable, MetricHistory history) {
        BatchQuality quality = new BatchQuality(rules);
        try {
            BatchMetrics metrics = quality.measure(quality.flag(rows, readTable));
            BatchQuality.RowCounts counts = BatchQuality.counts(metrics);
            long left = counts.quarantined() + counts.dropped();
            return Verdicts.judge(
                    rules,
                    metrics,
                    new Verdicts.Counts(counts.rows(), counts.rows() - left, counts.quarantined(), counts.dropped()),
                    new Verdicts.Context(history, "check", "check", "check", Instant.now()));
        } finally {
            quality.release();
        }
    }
}
