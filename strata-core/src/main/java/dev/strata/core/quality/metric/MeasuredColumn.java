package dev.strata.core.quality.metric;

import dev.strata.core.quality.profile.ColumnKind;

/**
 * A column of the rows a batch writes, as the engine describes it to the judging half: a name and the family of its
 * type, which decides which statistics it gets. Keeps the engine's schema types out of core.
 */
public record MeasuredColumn(String name, ColumnKind kind) {
    /** Numbers get sum, min, max and standard deviation; dates and timestamps min and max. */
    public boolean hasStatistics() {
        return kind.numeric() || isTime();
    }

    public boolean isTime() {
        return kind == ColumnKind.DATE || kind == ColumnKind.TIMESTAMP;
    }
}
