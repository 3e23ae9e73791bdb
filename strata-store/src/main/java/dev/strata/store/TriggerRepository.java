package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.store.RunRepository.StoredRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * What each pipeline's triggers have turned into runs ({@code trigger_seen}), and the queueing of a triggered run with
 * them in one transaction: an event delivered again, by Kafka after a crash or by a second listing of a folder, finds
 * its row and starts nothing, and no event is recorded without its run.
 */
public final class TriggerRepository {
    private final Jdbi jdbi;
    private final RunRepository runs;

    TriggerRepository(Jdbi jdbi, RunRepository runs) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.runs = requireNonNull(runs, "runs is null");
    }

    /**
     * Queues {@code run}, started by the events of {@code run.triggerEvents()} that the pipeline's trigger of that kind
     * has not seen yet, and records them as seen, in one transaction. Empty, and nothing queued, when it has seen them
     * all.
     */
    public Optional<StoredRun> queueTriggered(NewRun run) {
        TriggerEvents events = requireNonNull(run.triggerEvents(), "a triggered run names its events");
        return jdbi.inTransaction(handle -> {
            Set<String> seen = seen(handle, run.pipeline(), events.kind(), events.events());
            List<String> fresh = new ArrayList<>();
            for (String id : new LinkedHashSet<>(events.events())) {
                if (!seen.contains(id)) {
                    fresh.add(id);
                }
            }
            if (fresh.isEmpty()) {
                return Optional.<StoredRun>empty();
            }
            StoredRun queued = runs.enqueue(
                    handle, run.withTriggerEvents(new TriggerEvents(events.kind(), events.source(), fresh)));
            var batch = handle.prepareBatch("""
                    INSERT INTO trigger_seen (pipeline, kind, event_id, run_id, recorded_at)
                    VALUES (:pipeline, :kind, :event, :run, :at)""");
            for (String id : fresh) {
                batch.bind("pipeline", run.pipeline())
                        .bind("kind", events.kind())
                        .bind("event", id)
                        .bind("run", run.id())
                        .bind("at", RunRepository.utc(run.createdAt()))
                        .add();
            }
            batch.execute();
            return Optional.of(queued);
        });
    }

    /** The ones of {@code ids} the pipeline's trigger of {@code kind} has already turned into a run. */
    public Set<String> seen(String pipeline, String kind, Collection<String> ids) {
        return jdbi.withHandle(handle -> seen(handle, pipeline, kind, ids));
    }

    private static Set<String> seen(
            org.jdbi.v3.core.Handle handle, String pipeline, String kind, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(handle.createQuery("""
                        SELECT event_id FROM trigger_seen
                        WHERE pipeline = :pipeline AND kind = :kind AND event_id = ANY(:ids)""")
                .bind("pipeline", pipeline)
                .bind("kind", kind)
                .bindArray("ids", String.class, ids.toArray(String[]::new))
                .mapTo(String.class)
                .list());
    }

    /**
     * The ones of {@code files} (as the engine writes them, {@code file:/…}) that a dataset has already ingested, by
     * the run ledger in this store: a file a run already read is not new to a files trigger either.
     */
    public Set<String> ingested(Collection<String> files) {
        if (files.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(handle -> new LinkedHashSet<>(handle.createQuery("""
                        SELECT DISTINCT f.file FROM ledger_entries e,
                            jsonb_array_elements_text(e.entry -> 'files') AS f (file)
                        WHERE f.file = ANY(:files)""")
                .bindArray("files", String.class, files.toArray(String[]::new))
                .mapTo(String.class)
                .list()));
    }

    /** For tests and the docs' example: when the pipeline's trigger recorded {@code eventId}, if it did. */
    public Optional<Instant> recordedAt(String pipeline, String kind, String eventId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT recorded_at FROM trigger_seen
                        WHERE pipeline = :pipeline AND kind = :kind AND event_id = :event""")
                .bind("pipeline", pipeline)
                .bind("kind", kind)
                .bind("event", eventId)
                .mapTo(java.time.OffsetDateTime.class)
                .findOne()
                .map(java.time.OffsetDateTime::toInstant));
    }
}
