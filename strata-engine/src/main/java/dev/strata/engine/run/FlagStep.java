package dev.strata.engine.run;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.engine.quality.BatchQuality;
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

    /** The flagged rows; the caller releases them when the batch is done. */
    Flagged flag(DatasetPlan plan, Dataset<Row> rows) {
        BatchQuality quality = new BatchQuality(plan.spec().expect());
        boolean flagged = false;
        try {
            Dataset<Row> flaggedRows = quality.flag(rows, tables::read);
            Flagged result = new Flagged(quality, flaggedRows);
            flagged = true;
            return result;
        } finally {
            if (!flagged) {
                quality.release();
            }
        }
    }

    /** A flagged batch. */
    record Flagged(BatchQuality quality, Dataset<Row> rows) {
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
