package dev.strata.store;

import dev.strata.store.RunRepository.DatasetOutcome;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The per-dataset outcomes of running runs ({@code run_datasets}): recorded by the run itself as each dataset ends,
 * through the token its server issued, or by the server when the run ends. Part of {@link RunRepository}.
 */
final class DatasetProgress {
    private final Jdbi jdbi;
    /** The token the server gave the run this process runs, if it was given one. */
    private final String progressToken;

    DatasetProgress(Jdbi jdbi, String progressToken) {
        this.jdbi = jdbi;
        this.progressToken = progressToken;
    }

    /** {@link RunRepository#recordDataset}: through {@code record_run_dataset} when this process has a run token. */
    boolean record(String runId, DatasetOutcome outcome) {
        if (progressToken == null) {
            return jdbi.withHandle(handle -> recordWhileRunning(handle, runId, outcome));
        }
        // One transaction: the outcome and its attempts are seen together.
        return jdbi.inTransaction(handle -> {
            boolean recorded = handle.createQuery("""
                            SELECT record_run_dataset(:run, :token, :dataset, :state, :rowsIn, :written, :quarantined,
                                :dropped, :seconds, :message)""")
                    .bind("run", runId)
                    .bind("token", progressToken)
                    .bind("dataset", outcome.dataset())
                    .bind("state", outcome.state())
                    .bind("rowsIn", outcome.rowsIn())
                    .bind("written", outcome.written())
                    .bind("quarantined", outcome.quarantined())
                    .bind("dropped", outcome.dropped())
                    .bind("seconds", outcome.seconds())
                    .bind("message", outcome.message())
                    .mapTo(Boolean.class)
                    .one();
            return recorded
                    && handle.createQuery("""
                                    SELECT record_run_dataset_attempts(:run, :token, :dataset, :attempts,
                                        :failedAttempts)""")
                            .bind("run", runId)
                            .bind("token", progressToken)
                            .bind("dataset", outcome.dataset())
                            .bind("attempts", outcome.attempts())
                            .bind("failedAttempts", RunRows.messagesJson(outcome.failedAttempts()))
                            .mapTo(Boolean.class)
                            .one()
                    && (outcome.rulesTotal() == null
                            || handle.createQuery(
                                            "SELECT record_run_dataset_rules(:run, :token, :dataset, :passed, :total)")
                                    .bind("run", runId)
                                    .bind("token", progressToken)
                                    .bind("dataset", outcome.dataset())
                                    .bind("passed", outcome.rulesPassed())
                                    .bind("total", outcome.rulesTotal())
                                    .mapTo(Boolean.class)
                                    .one());
        });
    }

    /** Keeps the SHA-256 of {@code token}, the run's proof for {@link #record}; false when there is no run. */
    boolean issueToken(String runId, String token) {
        return jdbi.withHandle(
                        handle -> handle.createUpdate("UPDATE runs SET progress_token_sha256 = :hash WHERE id = :id")
                                .bind("id", runId)
                                .bind("hash", Hashes.sha256(token))
                                .execute())
                > 0;
    }

    /** Records (or replaces) a dataset's outcome, only while its run is running; false otherwise. */
    static boolean recordWhileRunning(Handle handle, String runId, DatasetOutcome d) {
        return handle.createUpdate("""
                                INSERT INTO run_datasets (run_id, dataset, state, rows_in, written, quarantined, dropped,
                                    seconds, message, attempts, failed_attempts, rules_passed, rules_total)
                                SELECT :run, :dataset, :state, :rowsIn, :written, :quarantined, :dropped, :seconds,
                                    :message, :attempts, CAST(:failedAttempts AS jsonb), :rulesPassed, :rulesTotal
                                WHERE EXISTS (SELECT 1 FROM runs WHERE id = :run AND state = 'running')
                                ON CONFLICT (run_id, dataset) DO UPDATE SET state = EXCLUDED.state,
                                    rows_in = EXCLUDED.rows_in, written = EXCLUDED.written,
                                    quarantined = EXCLUDED.quarantined, dropped = EXCLUDED.dropped,
                                    seconds = EXCLUDED.seconds, message = EXCLUDED.message,
                                    attempts = EXCLUDED.attempts, failed_attempts = EXCLUDED.failed_attempts,
                                    rules_passed = COALESCE(EXCLUDED.rules_passed, run_datasets.rules_passed),
                                    rules_total = COALESCE(EXCLUDED.rules_total, run_datasets.rules_total)""")
                        .bind("run", runId)
                        .bind("dataset", d.dataset())
                        .bind("state", d.state())
                        .bind("rowsIn", d.rowsIn())
                        .bind("written", d.written())
                        .bind("quarantined", d.quarantined())
                        .bind("dropped", d.dropped())
                        .bind("seconds", d.seconds())
                        .bind("message", d.message())
                        .bind("attempts", d.attempts())
                        .bind("failedAttempts", RunRows.messagesJson(d.failedAttempts()))
                        .bind("rulesPassed", d.rulesPassed())
                        .bind("rulesTotal", d.rulesTotal())
                        .execute()
                > 0;
    }
}
