package dev.strata.store;

import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Reads over many runs: the API's pages of runs, and the per-state counts the server's metrics show. */
public final class RunListing {
    private final Jdbi jdbi;

    RunListing(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs newest first, optionally of one pipeline or state, or of a set of pipelines, after the run {@code cursor}
     * (an id from a previous page) when given. Null arguments select everything.
     */
    public List<StoredRun> list(String pipeline, State state, Collection<String> pipelines, int limit, String cursor) {
        return jdbi.withHandle(handle -> {
            StringBuilder sql = new StringBuilder("SELECT * FROM runs r WHERE TRUE");
            if (pipeline != null) {
                sql.append(" AND r.pipeline = :pipeline");
            }
            if (state != null) {
                sql.append(" AND r.state = :state");
            }
            if (pipelines != null) {
                sql.append(" AND r.pipeline = ANY(:pipelines)");
            }
            if (cursor != null) {
                sql.append(" AND (r.created_at, r.id) < (SELECT c.created_at, c.id FROM runs c WHERE c.id = :cursor)");
            }
            sql.append(" ORDER BY r.created_at DESC, r.id DESC LIMIT :limit");
            Query query = handle.createQuery(sql.toString()).bind("limit", limit);
            if (pipeline != null) {
                query.bind("pipeline", pipeline);
            }
            if (state != null) {
                query.bind("state", state.label());
            }
            if (cursor != null) {
                query.bind("cursor", cursor);
            }
            if (pipelines != null) {
                query.bindArray("pipelines", String.class, pipelines.toArray(String[]::new));
            }
            return query.map((rs, ctx) -> RunRows.run(rs)).list();
        });
    }

    /** How many runs are in each state. */
    public Map<State, Long> countByState() {
        Map<State, Long> counts = new EnumMap<>(State.class);
        for (State state : State.values()) {
            counts.put(state, 0L);
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT state, count(*) AS n FROM runs GROUP BY state")
                .map((rs, ctx) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                .forEach(e -> State.parse(e.getKey()).ifPresent(s -> counts.put(s, e.getValue()))));
        return counts;
    }
}
