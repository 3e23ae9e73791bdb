package dev.strata.engine.sink;

/** What a commit changed: rows inserted, updated and deleted, and the table version it created (-1 if none). */
public record WriteResult(long inserted, long updated, long deleted, long version) {
    public static final WriteResult NOTHING = new WriteResult(0, 0, 0, -1);
}
