package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
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
            Instant logicalTime,
            String resumedFrom,
            TriggerEvents triggerEvents) {}

    /** A run and its per-dataset outcomes. */
    public record RunWithDatasets(StoredRun run, List<DatasetOutcome> datasets) {}

    /**
     * One dataset's outcome in a run, after {@code attempts} attempts (0 when it was not built); {@code failedAttempts}
     * holds the message of each attempt that failed and was retried. {@code rulesPassed} of its {@code rulesTotal}
     * rules passed (status passed); both null when not known (an outcome recorded before the store kept them).
     */
    public record DatasetOutcome(
            String dataset,
            String state,
            long rowsIn,
            long written,
            long quarantined,
            long dropped,
            Double seconds,
            String message,
            int attempts,
            List<String> failedAttempts,
            Integer rulesPassed,
            Integer rulesTotal) {

        public DatasetOutcome {
            failedAttempts = failedAttempts == null ? List.of() : List.copyOf(failedAttempts);
        }

        /** An outcome in one attempt, its rules not known. */
        public DatasetOutcome(
                String dataset,
                String state,
                long rowsIn,
                long written,
                long quarantined,
                long dropped,
                Double seconds,
                String message) {
            this(dataset, state, rowsIn, written, quarantined, dropped, seconds, message, 1, List.of(), null, null);
        }
    }

    private final Jdbi jdbi;
    private final DatasetProgress progress;

    /** @param progressToken the token the server gave the run this process runs, if it was given one */
    RunRepository(Jdbi jdbi, String progressToken) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.progress = new DatasetProgress(jdbi, progressToken);
    }

    /** Queues a run of the pipeline's version, with its {@code dev.strata.run.queued} event. */
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

    /**
     * Queues a run: the one place runs enter the queue, whoever starts them (the API, schedules, triggers, resume),
     * with the fields the starter adds.
     */
    public StoredRun enqueue(NewRun run) {
        return jdbi.inTransaction(handle -> enqueue(handle, run));
    }

    /** {@link #enqueue(NewRun)} inside the caller's transaction, e.g. with the rows that say why the run starts. */
    StoredRun enqueue(Handle handle, NewRun run) {
        run.insert(handle);
        StoredRun queued = find(handle, run.id()).orElseThrow();
        // The run.queued event, in the same transaction (the outbox).
        RunEvents.queued(handle, queued, null, run.createdAt());
        return queued;
    }

    /** The queued or running runs that resume run {@code id}. */
    public List<StoredRun> activeResumesOf(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM runs WHERE resumed_from = :id AND state IN ('queued', 'running')
                        ORDER BY created_at""")
                .bind("id", id)
                .map((rs, ctx) -> RunRows.run(rs))
                .list());
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
                if (!RunRows.uniqueViolation(e)) {
                    throw e;
                }
                // Another server started a run of that pipeline between our check and our update: look again.
            }
        }
        return Optional.empty();
    }

    /**
     * Records that a running run's engine started, with its {@code dev.strata.run.started} event, and its process on
     * the server's host ({@code null} when it runs elsewhere, such as in a Workflow's pods).
     */
    public void started(String id, Long pid) {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE runs SET pid = :pid WHERE id = :id AND state = 'running'")
                    .bind("id", id)
                    .bind("pid", pid)
                    .execute();
            if (updated > 0) {
                RunEvents.started(handle, find(handle, id).orElseThrow(), Instant.now());
            }
        });
    }

    /**
     * Ends a running run, with the engine's per-dataset outcomes, and the events of its end and its summary. False
     * when it was not running.
     */
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
            boolean ended = handle.createUpdate("""
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
            if (ended) {
                RunEvents.finished(handle, find(handle, id).orElseThrow(), summaryJson, now);
            }
            return ended;
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

    /**
     * Puts a running run back in the queue, to start again no earlier than {@code notBefore}, as its next attempt,
     * with a {@code dev.strata.run.queued} event saying why.
     */
    public boolean requeue(String id, String message, Instant notBefore) {
        return jdbi.inTransaction(handle -> {
            boolean queued = handle.createUpdate("""
                                    UPDATE runs SET state = 'queued', attempt = attempt + 1, not_before = :notBefore,
                                        started_at = NULL, server_id = NULL, pid = NULL, message = :message
                                    WHERE id = :id AND state = 'running'""")
                            .bind("id", id)
                            .bind("message", message)
                            .bind("notBefore", utc(notBefore))
                            .execute()
                    > 0;
            if (queued) {
                RunEvents.queued(handle, find(handle, id).orElseThrow(), message, Instant.now());
            }
            return queued;
        });
    }

    /**
     * Asks a run to stop: a queued run is cancelled at once; a running one is flagged, for its server to kill. Empty
     * when there is no such run; the run as it now is otherwise.
     */
    public Optional<StoredRun> requestCancel(String id, Instant now) {
        return jdbi.inTransaction(handle -> {
            int cancelled =
                    handle.createUpdate("""
                            UPDATE runs SET state = 'cancelled', finished_at = :at, cancel_requested = TRUE,
                                message = 'cancelled before it started'
                            WHERE id = :id AND state = 'queued'""").bind("id", id).bind("at", utc(now)).execute();
            if (cancelled > 0) {
                RunEvents.finished(handle, find(handle, id).orElseThrow(), null, now);
            }
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

    /**
     * The summary the engine wrote for run {@code id} ({@code strata run --summary-json}), as stored when the run ended;
     * empty while it runs, and for a run whose engine wrote none (it crashed or was killed first).
     */
    public Optional<String> summary(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT summary::text FROM runs WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    /** Whether run {@code id} has a stored {@link #summary}. */
    public boolean hasSummary(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT summary IS NOT NULL FROM runs WHERE id = :id")
                .bind("id", id)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }

    /** A run with its per-dataset outcomes, read in one query. */
    public Optional<RunWithDatasets> findWithDatasets(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT r.*, d.dataset AS d_dataset, d.state AS d_state, d.rows_in AS d_rows_in,
                            d.written AS d_written, d.quarantined AS d_quarantined, d.dropped AS d_dropped,
                            d.seconds AS d_seconds, d.message AS d_message, d.attempts AS d_attempts,
                            d.failed_attempts AS d_failed_attempts, d.rules_passed AS d_rules_passed,
                            d.rules_total AS d_rules_total
                        FROM runs r LEFT JOIN run_datasets d ON d.run_id = r.id
                        WHERE r.id = :id ORDER BY d.dataset""")
                .bind("id", id)
                .scanResultSet((results, ctx) -> RunRows.withDatasets(results.get())));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
