package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The engine's run ledger in the store, per lakehouse ({@code storage.root}): committed entries, pending batches and
 * run outcomes, as the JSON the engine writes (this module does not know their types).
 */
public final class LedgerRepository {
    private final Jdbi jdbi;

    LedgerRepository(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** A dataset's committed entries, oldest first. */
    public List<String> entries(String storageRoot, String dataset) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT entry::text FROM ledger_entries WHERE storage_root = :root AND dataset = :dataset
                        ORDER BY committed_at, run_id""")
                .bind("root", storageRoot)
                .bind("dataset", dataset)
                .mapTo(String.class)
                .list());
    }

    /** Records a committed batch and forgets the dataset's pending batch, in one transaction. */
    public void commit(String storageRoot, String dataset, String runId, Instant committedAt, String entryJson) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO ledger_entries (storage_root, dataset, run_id, committed_at, entry)
                            VALUES (:root, :dataset, :run, :at, CAST(:entry AS jsonb))
                            ON CONFLICT (storage_root, dataset, run_id)
                            DO UPDATE SET committed_at = EXCLUDED.committed_at, entry = EXCLUDED.entry""")
                    .bind("root", storageRoot)
                    .bind("dataset", dataset)
                    .bind("run", runId)
                    .bind("at", RunRepository.utc(committedAt))
                    .bind("entry", entryJson)
                    .execute();
            clearPending(handle, storageRoot, dataset);
        });
    }

    /** Deletes a dataset's committed entries except run {@code keptRunId}'s; returns how many it deleted. */
    public int reset(String storageRoot, String dataset, String keptRunId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM ledger_entries WHERE storage_root = :root AND dataset = :dataset AND run_id <> :kept")
                .bind("root", storageRoot)
                .bind("dataset", dataset)
                .bind("kept", keptRunId)
                .execute());
    }

    /** Fixes a dataset's pending batch, replacing one it had. */
    public void begin(String storageRoot, String dataset, String batchJson) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO ledger_pending (storage_root, dataset, batch)
                        VALUES (:root, :dataset, CAST(:batch AS jsonb))
                        ON CONFLICT (storage_root, dataset) DO UPDATE SET batch = EXCLUDED.batch""")
                .bind("root", storageRoot)
                .bind("dataset", dataset)
                .bind("batch", batchJson)
                .execute());
    }

    public Optional<String> pending(String storageRoot, String dataset) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT batch::text FROM ledger_pending WHERE storage_root = :root AND dataset = :dataset")
                .bind("root", storageRoot)
                .bind("dataset", dataset)
                .mapTo(String.class)
                .findOne());
    }

    public void clearPending(String storageRoot, String dataset) {
        jdbi.useHandle(handle -> clearPending(handle, storageRoot, dataset));
    }

    private static void clearPending(org.jdbi.v3.core.Handle handle, String storageRoot, String dataset) {
        handle.createUpdate("DELETE FROM ledger_pending WHERE storage_root = :root AND dataset = :dataset")
                .bind("root", storageRoot)
                .bind("dataset", dataset)
                .execute();
    }

    /** Keeps a run's outcome, replacing one recorded under the same id. */
    public void recordRun(String storageRoot, String runId, Instant at, String resultJson) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO ledger_runs (storage_root, run_id, recorded_at, result)
                        VALUES (:root, :run, :at, CAST(:result AS jsonb))
                        ON CONFLICT (storage_root, run_id)
                        DO UPDATE SET recorded_at = EXCLUDED.recorded_at, result = EXCLUDED.result""")
                .bind("root", storageRoot)
                .bind("run", runId)
                .bind("at", RunRepository.utc(at))
                .bind("result", resultJson)
                .execute());
    }

    public Optional<String> run(String storageRoot, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT result::text FROM ledger_runs WHERE storage_root = :root AND run_id = :run")
                .bind("root", storageRoot)
                .bind("run", runId)
                .mapTo(String.class)
                .findOne());
    }
}
