package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run loads input again that earlier runs already loaded: a full refresh rebuilds the selected datasets from all
 * their sources hold; a backfill reads again the source files modified in a window. Kept in the run's record, with the
 * ledger entries each refreshed dataset reset.
 *
 * @param kind full refresh or backfill
 * @param from a backfill's window start (inclusive), null for a full refresh
 * @param to a backfill's window end (exclusive), null for a full refresh
 * @param ledgerEntriesReset per refreshed dataset, how many ledger entries of earlier runs the refresh replaced
 */
public record Reprocessing(Kind kind, Instant from, Instant to, Map<String, Integer> ledgerEntriesReset) {
    /** What a reprocessing run does. */
    public enum Kind {
        /** Rebuild each selected table, in one atomic overwrite, from everything its input holds. */
        @JsonProperty("full_refresh")
        FULL_REFRESH,
        /** Read again the source files modified in a window; write them as the dataset's mode says. */
        @JsonProperty("backfill")
        BACKFILL
    }

    public Reprocessing {
        requireNonNull(kind, "kind is null");
        if (kind == Kind.BACKFILL) {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("a backfill window must end after it starts: " + from + ".." + to);
            }
        }
        ledgerEntriesReset = ledgerEntriesReset == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(ledgerEntriesReset));
    }

    /** A full refresh, nothing reset yet. */
    public static Reprocessing fullRefresh() {
        return new Reprocessing(Kind.FULL_REFRESH, null, null, Map.of());
    }

    /** A backfill of the source files modified in [from, to). */
    public static Reprocessing backfill(Instant from, Instant to) {
        return new Reprocessing(Kind.BACKFILL, from, to, Map.of());
    }

    /** Whether a file modified at {@code modified} lies in a backfill's window. */
    public boolean inWindow(Instant modified) {
        return !modified.isBefore(from) && modified.isBefore(to);
    }

    /** This reprocessing with the ledger entries each dataset reset. */
    public Reprocessing withResets(Map<String, Integer> resets) {
        return new Reprocessing(kind, from, to, resets);
    }

    /** One line for the summary and the audit log, e.g. "full refresh" or "backfill of [a, b): …". */
    public String describe() {
        return kind == Kind.FULL_REFRESH
                ? "full refresh"
                : "backfill of [" + from + ", " + to + "): the source files modified, and the Kafka records stamped, in"
                        + " that window";
    }
}
