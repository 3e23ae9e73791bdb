package dev.strata.core.ledger;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.run.DatasetResult;

/**
 * The metadata store as a run sees it: where the run keeps its metric history, its ledger, and its progress for the
 * control plane. The engine uses only this interface; strata-store implements it, and strata-cli (or {@link
 * RunStoreProvider#onClassPath()}) hands the engine an open one, so the engine never depends on the store.
 */
public interface RunStore extends AutoCloseable {
    /** The metrics runs record, and the history anomaly rules compare with. */
    MetricHistory metrics();

    /**
     * The lakehouse's ledger in the store. {@code files} is the lakehouse's own ledger next to its tables: the store
     * ledger reads it as well and mirrors every entry to it, so a lakehouse can move between the two.
     */
    Ledger ledger(String storageRoot, Ledger files);

    /** Records a finished dataset's outcome in run {@code runId}'s record, where the control plane shows it. */
    void recordDataset(String runId, DatasetResult result);

    /**
     * Appends a row to the store's audit log for an action a run takes on a user's behalf, e.g. a full refresh:
     * {@code action} names it ({@code run.full_refresh}), {@code target} says on what, {@code principal} who asked.
     * Stores without an audit log keep nothing.
     */
    default void audit(String principal, String action, String target) {}

    /** Where the store is, e.g. "embedded PostgreSQL in /home/me/.strata/postgres", with no secret in it. */
    String describe();

    @Override
    void close();
}
