package dev.strata.engine.sink;

/** What a commit created: the table version, or -1 when nothing was written. */
public record WriteResult(long version) {
    public static final WriteResult NOTHING = new WriteResult(-1);
}
