package dev.strata.engine.run;

import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.run.DatasetResult;

/**
 * What building one batch came to.
 *
 * @param entry the ledger entry to record, or null when the batch failed and nothing of it was written
 * @param metrics the batch's metrics and rule results, for the metric history
 */
record BatchOutcome(DatasetResult result, LedgerEntry entry, DatasetMetrics metrics) {
    boolean committed() {
        return entry != null;
    }

    /** Null when the batch committed, else why it failed. */
    String failure() {
        return committed() ? null : result.message();
    }
}
