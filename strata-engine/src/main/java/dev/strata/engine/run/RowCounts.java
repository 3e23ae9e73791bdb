package dev.strata.engine.run;

/**
 * The row counts of one batch. Transforms may remove rows (filter, dedupe, an inner join) or, through a join or an SQL
 * step, create them; the net change counts as dropped or added, so that {@code rowsIn + added = written + quarantined
 * + dropped}.
 *
 * @param rowsIn the rows the source batch held, malformed ones included
 * @param malformed the records that did not fit the declared schema
 * @param transformed the rows the transforms produced from the good ones
 * @param quarantinedByRules the transformed rows a rule quarantined
 * @param droppedByRules the transformed rows a rule dropped
 */
record RowCounts(long rowsIn, long malformed, long transformed, long quarantinedByRules, long droppedByRules) {
    long good() {
        return rowsIn - malformed;
    }

    long added() {
        return Math.max(0, transformed - good());
    }

    long dropped() {
        return Math.max(0, good() - transformed) + droppedByRules;
    }

    long written() {
        return transformed - quarantinedByRules - droppedByRules;
    }

    long quarantined() {
        return malformed + quarantinedByRules;
    }
}
