package dev.strata.engine.run;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.WriteMode;
import dev.strata.engine.quality.BatchQuality;
import dev.strata.engine.sink.Sinks;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/** Step 3 of a batch: every row judged against the dataset's row rules in one projection. */
final class FlagStep {
    /** The rules a quarantined row broke. */
    static final String FAILED_RULES = BatchQuality.FAILED_RULES;

    static final DataType FAILED_RULES_TYPE = BatchQuality.FAILED_RULES_TYPE;

    private final PipelineTables tables;

    FlagStep(PipelineTables tables) {
        this.tables = tables;
    }

    /**
     * The flagged rows; the caller releases them when the batch is done. A unique rule counts the batch's keys while
     * flagging, and a batch measured first is cached for measuring: such a batch is cached here, before flagging, so
     * its query is planned and run once ({@code cache} holds it), not once for the keys and again for the measure.
     */
    Flagged flag(DatasetPlan plan, Dataset<Row> rows, PersistedRows cache) {
        BatchQuality quality = new BatchQuality(plan.spec().expect());
        List<RuleType> types = quality.rules().stream()
                .filter(r -> r.rule().judgesRows())
                .map(RuleSpec::rule)
                .toList();
        boolean first = measuredFirst(plan, quality);
        boolean cachedFirst = first && types.contains(RuleType.UNIQUE);
        boolean flagged = false;
        try {
            Dataset<Row> flaggedRows = quality.flag(cachedFirst ? cache.persistInOneJob(rows) : rows, tables::read);
            // Flags computed row by row over the cached rows need no cache of their own; a join flagging added does.
            boolean joined = types.contains(RuleType.REFERENCES) || types.contains(RuleType.UNIQUE) && quality.splits();
            Flagged result = new Flagged(quality, flaggedRows, first, cachedFirst && !joined);
            flagged = true;
            return result;
        } finally {
            if (!flagged) {
                quality.release();
            }
        }
    }

    /**
     * Whether a batch is measured before its write: when a rule may fail the dataset (its verdict must come before the
     * commit), or the write reads the batch in plans an observation cannot follow (a format that does not report the
     * write's observations; merge, SCD2 and delete).
     */
    private static boolean measuredFirst(DatasetPlan plan, BatchQuality quality) {
        WriteMode mode = plan.spec().write().mode();
        return !Sinks.forFormat(plan.format().id()).reportsObservations()
                || quality.blocking()
                || mode == WriteMode.MERGE
                || mode == WriteMode.SCD2
                || mode == WriteMode.DELETE;
    }

    /**
     * A flagged batch.
     *
     * @param measuredFirst whether the batch is measured by one aggregation before its write, not during it
     * @param cached whether {@code rows} read a cache of the batch with only row-wise flags on top, so they need no
     *     cache of their own to be measured and then written
     */
    record Flagged(BatchQuality quality, Dataset<Row> rows, boolean measuredFirst, boolean cached) {
        /** The rows to write, of {@code flagged} (these rows, or a cached copy). */
        Dataset<Row> valid(Dataset<Row> flagged) {
            return quality.valid(flagged);
        }

        /** The rows to quarantine, with {@link #FAILED_RULES}. */
        Dataset<Row> quarantined(Dataset<Row> flagged) {
            return quality.quarantined(flagged);
        }

        void release() {
            quality.release();
        }
    }
}
