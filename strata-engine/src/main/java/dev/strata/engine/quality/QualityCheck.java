package dev.strata.engine.quality;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.spec.RuleSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Rules on a DataFrame outside a pipeline: the same flags and metrics a run computes, by aggregation (one pass over
 * the data when no rule splits rows off). For benchmarks, parity tests and notebooks.
 */
public final class QualityCheck {
    private QualityCheck() {}

    /** Judges {@code rows} against {@code rules}, with no history (anomaly rules report that they have none). */
    public static RuleVerdicts.Verdict evaluate(Dataset<Row> rows, List<RuleSpec> rules) {
        return evaluate(rows, rules, name -> rows.sparkSession().table(name), MetricHistory.none());
    }

    /**
     * Judges {@code rows} against {@code rules}.
     *
     * @param readTable the table a references rule names, by {@code layer.name}
     */
    public static RuleVerdicts.Verdict evaluate(
            Dataset<Row> rows, List<RuleSpec> rules, Function<String, Dataset<Row>> readTable, MetricHistory history) {
        BatchQuality quality = new BatchQuality(rules);
        try {
            return evaluate(quality, quality.flag(rows, readTable), history);
        } finally {
            quality.release();
        }
    }

    private static RuleVerdicts.Verdict evaluate(BatchQuality quality, Dataset<Row> flagged, MetricHistory history) {
        StructField[] fields = quality.valid(flagged).schema().fields();
        BatchQuality.Measurement measured = quality.measure(flagged, fields);
        Map<String, Object> batchMetrics = measured.batch();
        Map<String, Object> writtenMetrics = measured.written();
        long rowsIn = ((Number) batchMetrics.get("rows")).longValue();
        long quarantined = ((Number) batchMetrics.get("quarantined")).longValue();
        long dropped = ((Number) batchMetrics.get("dropped")).longValue();
        return RuleVerdicts.judge(
                quality,
                batchMetrics,
                writtenMetrics,
                fields,
                new RuleVerdicts.Counts(rowsIn, rowsIn - quarantined - dropped, quarantined, dropped),
                new RuleVerdicts.Context(history, "check", "check", "check", Instant.now()));
    }
}
