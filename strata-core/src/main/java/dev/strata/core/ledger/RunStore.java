package dev.strata.core.ledger;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.TableFacts;

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

    /** Whether this store keeps {@link #recordTable}. False by default, for stores that keep no tables. */
    default boolean recordsTables() {
        return false;
    }

    /**
     * Whether this store keeps {@link #recordQuarantineSample}: the engine reads a sample (a small Spark job) only when
     * it does. False by default; the metadata store's says what {@code STRATA_QUARANTINE_SAMPLES} says.
     */
    default boolean recordsQuarantineSamples() {
        return false;
    }

    /**
     * Records a dataset's table as run {@code runId} left it, after the run committed to it: the latest such record of
     * a pipeline's dataset is what its console page shows. Stores that keep no tables keep nothing.
     */
    default void recordTable(String runId, TableFacts facts) {}

    /**
     * Records up to {@link QuarantineSample#STORED_ROWS} of the rows run {@code runId} quarantined for {@code dataset},
     * as a reader with {@code role} sees them ({@code default}: every role the dataset's {@code access:} does not
     * name). The store keeps {@link QuarantineSample#forStore()} of it. Stores that keep no tables keep nothing.
     */
    default void recordQuarantineSample(String runId, String dataset, String role, QuarantineSample sample) {}

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
