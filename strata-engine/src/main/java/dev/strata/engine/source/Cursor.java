package dev.strata.engine.source;

import java.util.List;
import java.util.Map;

/**
 * What one read of a {@link BatchSource} consumes, fixed in the ledger before the first write: the source files, or
 * the upstream runs (by upstream dataset). A query, a whole table or a Kafka checkpoint (which keeps its own offsets)
 * consume nothing the ledger tracks: {@link #NONE}. Replaying an interrupted batch is reading the same cursor again.
 */
public record Cursor(List<String> files, Map<String, List<String>> consumed) {
    /** A read whose progress the ledger does not track. */
    public static final Cursor NONE = new Cursor(List.of(), Map.of());

    public Cursor {
        files = files == null ? List.of() : List.copyOf(files);
        consumed = consumed == null ? Map.of() : Map.copyOf(consumed);
    }
}
