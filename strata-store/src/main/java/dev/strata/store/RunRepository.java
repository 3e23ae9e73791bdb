package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Runs and their per-dataset outcomes. The queue is the {@code runs} table itself: a run is claimed by one atomic
 * update, and a unique index refuses a second running run of one pipeline, whichever server asks.
 */
public final class RunRepository {
    /** Where a run is in its life. */
    public enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        CANCELLED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }

        public static Optional<State> parse(String text) {
            for (State state : values()) {
                if (state.label().equalsIgnoreCase(text)) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    /** A run as the store holds it. */
    public record StoredRun(
            String id,
            String pipeline,
            int version,
            State state,
            String only,
            Map<String, String> parameters,
            int attempt,
            String submittedBy,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            String serverId,
            Long pid,
            boolean cancelRequested,
            Integer exitCode,
            String message,
            Instant logicalTime) {}

    /** A run and its per-dataset outcomes. */
    public record RunWithDatasets(StoredRun run, List<DatasetOutcome> datasets) {}

    /** One dataset's outcome in a run. */
    public record DatasetOutcome(
            String dataset,
            String state,
            long rowsIn,
            long written,
            long quarantined,
            long dropped,
            Double seconds,
            String message) {}

    private final Jdbi jdbi;
    private final DatasetProgress progress;

    /** @param progressToken the token the server gave the run this process runs, if it was given one */
    RunRepository(Jdbi jdbi, String progressToken) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.progress = new DatasetProgress(jdbi, progressToken);
    }

    /** Queues a run of the pipeline's version. */
    public StoredRun queue(
            String id,
            String pipeline,
            int version,
            String only,
            Map<String, String> parameters,
            String by,
            Instant now) {
        return enqueue(NewRun.of(id, pipeline, version, only, parameters, by, now));
    }

    /** Queues a run: the one place a run enters the queue. */
    public StoredRun enqueue(NewRun run) {
        return jdbi.inTransaction(handle -> enqueue(handle, run));
    }

    /** Queues a run inside the caller's transaction, e.g. with the row that says why it was queued. */
    public StoredRun enqueue(Handle handle, NewRun run) {
        handle.createUpdate("""
                        INSERT INTO runs (id, pipeline, version, state, only_selector, parameters, submitted_by,
                            created_at, not_before, logical_time)
                        VALUES (:id, :pipeline, :version, 'queued', :only, CAST(:parameters AS jsonb), :by, :at, :at,
                            :logicalTime)""")
                .bind("id", run.id())
                .bind("pipeline", run.pipeline())
                .bind("version", run.version())
                .bind("only", run.only())
                .bind("parameters", RunRows.parametersJson(run.parameters()))
                .bind("by", run.submittedBy())
                .bind("at", utc(run.createdAt()))
                .bind("logicalTime", run.logicalTime() == null ? null : utc(run.logicalTime()))
                .execute();
        return find(handle, run.id()).orElseThrow();
    }

    /**
     * Claims the oldest queued run that may start now and whose pipeline has no running run, marking it running on
     * {@code serverId}. Empty when none may start.
     */
    public Optional<StoredRun> claimNext(String serverId, Instant now) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return jdbi.inTransaction(handle -> handle.createQuery("""
                                UPDATE runs SET state = 'running', started_at = :at, server_id = :server
                                WHERE id = (
                                    SELECT q.id FROM runs q
                                    WHERE q.state = 'queued' AND q.not_before <= :at AND NOT q.cancel_requested
                                      AND NOT EXISTS (SELECT 1 FROM runs r
                                                      WHERE r.pipeline = q.pipeline AND r.state = 'running')
                                    ORDER BY q.not_before, q.created_at
                                    LIMIT 1
                                    FOR UPDATE SKIP LOCKED)
                                RETURNING *""")
                        .bind("at", utc(now))
                        .bind("server", serverId)
                        .map((rs, ctx) -> RunRows.run(rs))
                        .findOne());
            } catch (UnableToExecuteStatementException e) {
                if (!uniqueViolation(e)) {
                    throw e;
                }
                // Another server started a run of that pipeline between our check and our update: look again.
            }
        }
        return Optional.empty();
    }

    /** Records the child process of a running run. */
    public void started(String id, long pid) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE runs SET pid = :pid WHERE id = :id")
                .bind("id", id)
                .bind("pid", pid)
                .execute());
    }

    /** Ends a running run, with the engine's per-dataset outcomes. False when it was not running. */
    public boolean finish(
            String id,
            State state,
            Integer exitCode,
            String message,
            String summaryJson,
            List<DatasetOutcome> datasets,
            Instant now) {
        return jdbi.inTransaction(handle -> {
            // While the run is still running, so that a run someone else ended takes none of them.
            for (DatasetOutcome d : datasets) {
                DatasetProgress.recordWhileRunning(handle, id, d);
            }
            return handle.createUpdate("""
                                    UPDATE runs SET state = :state, finished_at = :at, exit_code = :exit,
                                        message = :message, summary = CAST(:summary AS jsonb)
                                    WHERE id = :id AND state = 'running'""")
                            .bind("id", id)
                            .bind("state", state.label())
                            .bind("at", utc(now))
                            .bind("exit", exitCode)
                            .bind("message", message)
                            .bind("summary", summaryJson)
                            .execute()
                    > 0;
        });
    }

    /**
     * Records one dataset's outcome while its run is going: the engine reports its progress as each dataset ends. Only
     * a running run the store knows (one a server started) takes it; false otherwise. A process given a run token
     * ({@code STRATA_DB_RUN_TOKEN}) records through {@code record_run_dataset}, which takes the outcome only for the
     * run that token was issued for: the run role has no other access to runs.
     */
    public boolean recordDataset(String runId, DatasetOutcome outcome) {
        return progress.record(runId, outcome);
    }

    /** Keeps the SHA-256 of {@code token}, the run's proof for {@link #recordDataset}; false when there is no run. */
    boolean issueProgressToken(String runId, String token) {
        return progress.issueToken(runId, token);
    }

    /** Puts a running run back in the queue, to start again no earlier than {@code notBefore}, as its next attempt. */
    public boolean requeue(String id, String message, Instant notBefore) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                                UPDATE runs SET state = 'queued', attempt = attempt + 1, not_before = :notBefore,
                                    started_at = NULL, server_id = NULL, pid = NULL, message = :message
                                WHERE id = :id AND state = 'running'""")
                        .bind("id", id)
                        .bind("message", message)
                        .bind("notBefore", utc(notBefore))
                        .execute())
                > 0;
    }

    /**
     * Asks a run to stop: a queued run is cancelled at once; a running one is flagged, for its server to kill. Empty
     * when there is no such run; the run as it now is otherwise.
     */
    public Optional<StoredRun> requestCancel(String id, Instant now) {
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("""
                            UPDATE runs SET state = 'cancelled', finished_at = :at, cancel_requested = TRUE,
                                message = 'cancelled before it started'
                            WHERE id = :id AND state = 'queued'""").bind("id", id).bind("at", utc(now)).execute();
            handle.createUpdate("UPDATE runs SET cancel_requested = TRUE WHERE id = :id AND state = 'running'")
                    .bind("id", id)
                    .execute();
            return find(handle, id);
        });
    }

    /** The ids of running runs on {@code serverId} that were asked to stop. */
    public List<String> cancelRequested(String serverId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id FROM runs WHERE state = 'running' AND cancel_requested AND server_id = :server")
                .bind("server", serverId)
                .mapTo(String.class)
                .list());
    }

    /** Records that server {@code serverId} is alive. */
    public void heartbeat(String serverId, String host, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO servers (id, host, started_at, heartbeat_at) VALUES (:id, :host, :at, :at)
                        ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at""")
                .bind("id", serverId)
                .bind("host", host)
                .bind("at", utc(now))
                .execute());
    }

    /**
     * The runs left running by a server other than {@code serverId} that has not beaten since {@code staleBefore}:
     * their server died, or restarted under a new id, and no one will finish them.
     */
    public List<StoredRun> orphans(String serverId, Instant staleBefore) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT r.* FROM runs r LEFT JOIN servers s ON s.id = r.server_id
                        WHERE r.state = 'running' AND r.server_id IS DISTINCT FROM :server
                          AND (s.id IS NULL OR s.heartbeat_at < :stale)""")
                .bind("server", serverId)
                .bind("stale", utc(staleBefore))
                .map((rs, ctx) -> RunRows.run(rs))
                .list());
    }

    /** Ends an orphaned run as failed (false when someone else ended it first). */
    public boolean failOrphan(String id, String message, Instant now) {
        return finish(id, State.FAILED, null, message, null, List.of(), now);
    }

    public Optional<StoredRun> find(String id) {
        return jdbi.withHandle(handle -> find(handle, id));
    }

    private static Optional<StoredRun> find(Handle handle, String id) {
        return handle.createQuery("SELECT * FROM runs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> RunRows.run(rs))
                .findOne();
    }

    /** A run with its per-dataset outcomes, read in one query. */
    public Optional<RunWithDatasets> findWithDatasets(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT r.*, d.dataset AS d_dataset, d.state AS d_state, d.rows_in AS d_rows_in,
                            d.written AS d_written, d.quarantined AS d_quarantined, d.dropped AS d_dropped,
                            d.seconds AS d_seconds, d.message AS d_message
                        FROM runs r LEFT JOIN run_datasets d ON d.run_id = r.id
                        WHERE r.id = :id ORDER BY d.dataset""").bind("id", id).scanResultSet((results, ctx) -> {
            ResultSet rs = results.get();
            if (!rs.next()) {
                return Optional.<RunWithDatasets>empty();
            }
            StoredRun run = RunRows.run(rs);
            List<DatasetOutcome> datasets = new java.util.ArrayList<>();
            do {
                if (rs.getString("d_dataset") != null) {
                    datasets.add(RunRows.dataset(rs, "d_"));
                }
            } while (rs.next());
            return Optional.of(new RunWithDatasets(run, List.copyOf(datasets)));
        }));
    }

    /**
     * Runs newest first, optionally of one pipeline or state, or of a set of pipelines, after the run {@code cursor}
     * (an id from a previous page) when given. Null arguments select everything.
     */
    public List<StoredRun> list(
            String pipeline, State state, java.util.Collection<String> pipelines, int limit, String cursor) {
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
        Map<State, Long> counts = new java.util.EnumMap<>(State.class);
        for (State state : State.values()) {
            counts.put(state, 0L);
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT state, count(*) AS n FROM runs GROUP BY state")
                .map((rs, ctx) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                .forEach(e -> State.parse(e.getKey()).ifPresent(s -> counts.put(s, e.getValue()))));
        return counts;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
