package dev.strata.engine.sink;

/**
 * Which rows of a table a write replaces, in one atomic commit, whatever the dataset's write mode: all of them (a full
 * refresh), or those matching a condition (a backfill of an append table: the rows earlier runs loaded from the same
 * source files).
 *
 * @param condition a Spark SQL condition on the table's columns, or null for every row
 */
public record Replacement(String condition) {
    /** The whole table, schema included: the table is rebuilt from the batch. */
    public static final Replacement ALL = new Replacement(null);

    /** The rows matching {@code condition}. */
    public static Replacement where(String condition) {
        if (condition == null || condition.isBlank()) {
            throw new IllegalArgumentException("a replacement condition is needed; use ALL for the whole table");
        }
        return new Replacement(condition);
    }

    public boolean all() {
        return condition == null;
    }
}
