package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The transactional outbox of lifecycle events (docs/events.md, "The outbox guarantee"). {@link RunRepository} appends
 * each event in the transaction of the state change it describes; the server's relay reads the unsent ones in {@code
 * seq} order, publishes them and marks them sent. Only the holder of the relay {@link Lease} (a PostgreSQL session
 * advisory lock) publishes, so with several servers on one database one relay keeps each pipeline's order.
 */
public final class EventOutbox {
    /** The first key of the outbox's advisory locks: "Stra". */
    private static final int LOCK_SPACE = 0x53747261;
    /** The second key of the relay's session lock (pipelines' transaction locks use their name's hash). */
    private static final int RELAY_LOCK = 0;

    /** An event waiting to be published. */
    public record Pending(long seq, String id, String pipeline, String type, String event) {}

    private final Jdbi jdbi;

    EventOutbox(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /**
     * Appends an event in the caller's transaction. Takes the pipeline's transaction lock first: a second writer of
     * the pipeline's events waits for this transaction to end, so its events get a higher {@code seq} and commit later.
     */
    static void append(Handle handle, LifecycleEvent event) {
        handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:space, hashtext(:pipeline))) locked")
                .bind("space", LOCK_SPACE)
                .bind("pipeline", event.pipeline())
                .mapTo(Integer.class)
                .one();
        handle.createUpdate("""
                        INSERT INTO event_outbox (id, pipeline, type, event, created_at)
                        VALUES (:id, :pipeline, :type, :event, :at)""")
                .bind("id", event.id())
                .bind("pipeline", event.pipeline())
                .bind("type", event.type())
                .bind("event", event.json())
                .bind("at", RunRepository.utc(event.time()))
                .execute();
    }

    /**
     * Takes the relay lease when no other session holds it: empty when another server's relay runs. The lease holds a
     * connection of its own; the relay reads and marks through it, so a lost connection ends its publishing too.
     */
    public Optional<Lease> lead() {
        Handle handle = jdbi.open();
        try {
            boolean held = handle.createQuery("SELECT pg_try_advisory_lock(:space, :key)")
                    .bind("space", LOCK_SPACE)
                    .bind("key", RELAY_LOCK)
                    .mapTo(Boolean.class)
                    .one();
            if (held) {
                return Optional.of(new Lease(handle));
            }
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        handle.close();
        return Optional.empty();
    }

    /**
     * Deletes events created before {@code before}: only sent ones while a relay publishes ({@code unsentToo} false);
     * every one when no relay is configured, so that the outbox of a server without Kafka stays bounded. Returns how
     * many were deleted.
     */
    public int prune(Instant before, boolean unsentToo) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM event_outbox WHERE created_at < :before"
                        + (unsentToo ? "" : " AND sent_at IS NOT NULL"))
                .bind("before", RunRepository.utc(before))
                .execute());
    }

    /** The relay's hold on the outbox: a session advisory lock, released by {@link #close()} or a lost connection. */
    public static final class Lease implements AutoCloseable {
        private final Handle handle;

        private Lease(Handle handle) {
            this.handle = handle;
        }

        /** The oldest unsent events, at most {@code limit}, in {@code seq} order. */
        public List<Pending> unsent(int limit) {
            return handle.createQuery("""
                            SELECT seq, id, pipeline, type, event FROM event_outbox
                            WHERE sent_at IS NULL ORDER BY seq LIMIT :limit""")
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Pending(
                            rs.getLong("seq"),
                            rs.getString("id"),
                            rs.getString("pipeline"),
                            rs.getString("type"),
                            rs.getString("event")))
                    .list();
        }

        /** Marks the events published. */
        public void markSent(Collection<Long> seqs, Instant at) {
            if (seqs.isEmpty()) {
                return;
            }
            handle.createUpdate("UPDATE event_outbox SET sent_at = :at WHERE seq = ANY(:seqs)")
                    .bind("at", RunRepository.utc(at))
                    .bindArray("seqs", Long.class, seqs.toArray(Long[]::new))
                    .execute();
        }

        @Override
        public void close() {
            try {
                handle.createQuery("SELECT pg_advisory_unlock(:space, :key)")
                        .bind("space", LOCK_SPACE)
                        .bind("key", RELAY_LOCK)
                        .mapTo(Boolean.class)
                        .one();
            } catch (RuntimeException e) {
                // The connection is gone, and the lock with it.
            } finally {
                handle.close();
            }
        }
    }
}
