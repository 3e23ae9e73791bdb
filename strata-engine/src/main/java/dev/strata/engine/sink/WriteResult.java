package dev.strata.engine.sink;

import java.util.List;

/**
 * What a write did.
 *
 * @param version the table version (snapshot, commit) after the write, or -1 when there is no table
 * @param alreadyCommitted true when an earlier attempt had committed this batch, so nothing was written now
 * @param schemaChanges every change applied to the table's schema, and every input column rescued or ignored
 */
public record WriteResult(long version, boolean alreadyCommitted, List<String> schemaChanges) {
    public static final WriteResult NOTHING = new WriteResult(-1, false, List.of());

    public WriteResult {
        schemaChanges = List.copyOf(schemaChanges);
    }
}
