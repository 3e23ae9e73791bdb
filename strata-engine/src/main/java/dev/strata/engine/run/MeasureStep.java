package dev.strata.engine.run;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.engine.quality.BatchQuality;
import dev.strata.engine.quality.TableStatistics;
import dev.strata.engine.sink.WriteResult;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * Step 4 of a batch: all its metrics in one aggregation or observation. A batch is measured first when a rule may fail
 * the dataset (its verdict must come before the commit) or when the write mode reads the batch in plans an observation
 * cannot follow; otherwise it is measured during the write (step 5), which then happens here.
 */
final class MeasureStep {
    private final Observations observations;

    MeasureStep(Observations observations) {
        this.observations = observations;
    }

    /**
     * The batch's metrics.
     *
     * @param rows the flagged rows to write from afterwards: a cached copy when measured first
     * @param metrics the batch's metrics, over all its rows and over the written ones
     * @param result the write, when it happened while measuring; else null
     */
    record Measured(Dataset<Row> rows, BatchMetrics metrics, WriteResult result) {}

    /**
     * @param committed reads the statistics of the files a write committed, or null when the format keeps none: what
     *     they hold is then left out of the observation
     */
    Measured measure(
            String dataset,
            Function<WriteResult, Optional<TableStatistics>> committed,
            FlagStep.Flagged flagged,
            PersistedRows cache,
            Function<Dataset<Row>, WriteResult> write) {
        BatchQuality quality = flagged.quality();
        if (flagged.measuredFirst()) {
            // A rule may fail the dataset, so its verdict must come before the commit; or the write reads the batch in
            // plans an observation cannot follow (Delta materializes a MERGE source, Hudi writes an RDD): measure the
            // cached batch with one aggregation, then write from the cache, so the batch is still computed once. The
            // aggregation fills the cache in the same Spark job. A batch flagging cached already is read from there.
            Dataset<Row> cached = flagged.cached() ? flagged.rows() : cache.persistInOneJob(flagged.rows());
            return new Measured(cached, quality.measure(cached), null);
        }
        // Measure during the write: the observed aggregates ride along the pass that writes the batch.
        Dataset<Row> rows = flagged.rows();
        Function<String, Observation> observation = kind -> observations.create(kind, dataset);
        BatchQuality.Observed observed = committed == null
                ? quality.observe(rows, observation)
                : quality.observeWithDeltaStatistics(rows, observation);
        WriteResult result = write.apply(observed.valid());
        // When the table held this batch nothing ran the observed plan: measure it now instead of waiting.
        BatchMetrics metrics = result.alreadyCommitted()
                ? quality.measure(rows)
                : observed.metrics(
                        observations::await, () -> committed == null ? Optional.empty() : committed.apply(result));
        return new Measured(rows, metrics, result);
    }

    /** The batch's row counts: the input's, observed while it was read, and the measured ones. */
    RowCounts counts(InputRows input, Measured measured) {
        Map<String, Object> in = observations.await(
                input.observation(), () -> BatchQuality.aggregate(input.batch().rows(), input.counts()));
        BatchQuality.RowCounts ruled = BatchQuality.counts(measured.metrics());
        return new RowCounts(number(in, "rows"), number(in, "bad"), ruled.rows(), ruled.quarantined(), ruled.dropped());
    }

    private static long number(Map<String, Object> values, String name) {
        return ((Number) values.get(name)).longValue();
    }
}
