package dev.strata.engine.quality;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.spec.RuleSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Rules on a DataFrame outside a pipeline: the same flags and metrics a run computes, in one pass over the data (one
 * aggregation of the valid rows, with the batch's metrics observed on the way). For benchmarks, parity tests and
 * notebooks.
 */
public final class QualityCheck {
    private static final java.util.concurrent.atomic.AtomicLong CHECKS = new java.util.concurrent.atomic.AtomicLong();

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
        // One job: the batch metrics are observed on the way into the aggregation of the valid rows.
        Observation batch = new Observation("strata:check:batch:" + CHECKS.incrementAndGet());
        Column[] written = quality.writtenMetrics(fields);
        Map<String, Object> batchMetrics;
        Map<String, Object> writtenMetrics;
        if (!quality.splits()) {
            // Every row is written: one aggregation (whole-stage code generation) measures everything.
            Column[] batchColumns = quality.batchMetrics();
            Column[] all = new Column[batchColumns.length + written.length];
            System.arraycopy(batchColumns, 0, all, 0, batchColumns.length);
            System.arraycopy(written, 0, all, batchColumns.length, written.length);
            Map<String, Object> measured = BatchQuality.asMap(
                    flagged.agg(all[0], Arrays.copyOfRange(all, 1, all.length)).first());
            batchMetrics = measured;
            writtenMetrics = measured;
        } else {
            Row writtenRow = quality.valid(observe(flagged, batch, quality.batchMetrics()))
                    .agg(written[0], Arrays.copyOfRange(written, 1, written.length))
                    .first();
            writtenMetrics = BatchQuality.asMap(writtenRow);
            try {
                batchMetrics = batch.getAsJava();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading the check's metrics", e);
            }
        }
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

    private static Dataset<Row> observe(Dataset<Row> rows, Observation observation, Column... metrics) {
        return rows.observe(observation, metrics[0], Arrays.copyOfRange(metrics, 1, metrics.length));
    }
}
