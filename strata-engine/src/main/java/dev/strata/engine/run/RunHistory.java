package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.RunStore;
import dev.strata.core.ledger.RunStoreProvider;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.run.DatasetResult;
import dev.strata.engine.ledger.LedgerSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A run's metric history in the metadata store ({@code STRATA_DB_URL}, or the embedded PostgreSQL), opened in the
 * background while Spark starts. When the store cannot be opened the run goes on and says so once: its data matters
 * more than its metrics, but anomaly rules then have no history to compare with.
 *
 * <p>A run given a database ({@code STRATA_DB_URL} or {@code POSTGRES_HOST}) also keeps its run ledger there; such a
 * run fails rather than go on without it, since a ledger it cannot read would let it ingest files twice.
 */
public final class RunHistory implements MetricHistory, AutoCloseable {
    private final CompletableFuture<RunStore> opening;
    private final boolean givenDatabase;
    private final Consumer<String> warn;
    private MetricHistory history;
    private RunStore store;

    private RunHistory(CompletableFuture<RunStore> opening, boolean givenDatabase, Consumer<String> warn) {
        this.opening = opening;
        this.givenDatabase = givenDatabase;
        this.warn = warn;
    }

    /**
     * Starts opening the store {@code stores} finds in the environment; {@code warn} hears, once, why metrics are not
     * kept.
     */
    public static RunHistory open(RunStoreProvider stores, Map<String, String> environment, Consumer<String> warn) {
        boolean givenDatabase = stores.namesDatabase(environment);
        return new RunHistory(CompletableFuture.supplyAsync(() -> stores.open(environment)), givenDatabase, warn);
    }

    /**
     * Where the run's ledger lives: the metadata store for a run given a database, else the files next to the tables.
     * Waits for the store; throws when a run given a database cannot open it.
     */
    public LedgerSource ledgers() {
        if (!givenDatabase) {
            return LedgerSource.FILES;
        }
        resolve();
        if (store == null) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot keep the run ledger in the metadata store, which did not open (see the warning above);"
                            + " nothing was run (fix the store, or unset STRATA_DB_URL to keep the ledger in files)");
        }
        return LedgerSource.inStore(store);
    }

    /**
     * The store, for the run's table facts and quarantine samples ({@link PipelineRunner#recordingTables}); waits for
     * it. Null when it did not open.
     */
    public RunStore tables() {
        resolve();
        return store;
    }

    /** Where the metrics go, e.g. "embedded PostgreSQL in /home/me/.strata/postgres"; waits for the store. */
    public String describe() {
        resolve();
        return store == null ? "nowhere (the metadata store is unavailable)" : store.describe();
    }

    /**
     * Appends a row to the store's audit log (see {@link RunStore#audit}); best effort: without the store, or when the
     * store refuses, the run goes on and says so once.
     */
    public void audit(String principal, String action, String target) {
        resolve();
        if (store == null) {
            return;
        }
        try {
            store.audit(principal, action, target);
        } catch (RuntimeException e) {
            warn.accept("the " + action + " is not in the metadata store's audit log: " + e.getMessage());
        }
    }

    private synchronized MetricHistory resolve() {
        if (history == null) {
            try {
                store = opening.get();
                history = store.metrics();
            } catch (ExecutionException e) {
                String reason = e.getCause() instanceof StrataException
                        ? e.getCause().getMessage()
                        : String.valueOf(e.getCause());
                warn.accept("metrics are not recorded and anomaly rules have no history: " + reason);
                history = MetricHistory.none();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                history = MetricHistory.none();
            }
        }
        return history;
    }

    @Override
    public void record(DatasetMetrics metrics) {
        resolve().record(metrics);
    }

    @Override
    public List<MetricPoint> history(String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
        return resolve().history(pipeline, dataset, key, limit, excludingRunId);
    }

    /**
     * {@code next}, plus each finished dataset's outcome written to run {@code runId}'s record in the store, when a
     * server started the run: its API then shows the run's progress. Best effort: a store that fails is warned about
     * once, and the run goes on.
     */
    public RunListener reportingProgress(String runId, RunListener next) {
        return new RunListener() {
            private boolean failed;

            @Override
            public void datasetStarted(String dataset, int index, int total) {
                next.datasetStarted(dataset, index, total);
            }

            @Override
            public void phaseStarted(String dataset, DatasetPhase phase) {
                next.phaseStarted(dataset, phase);
            }

            @Override
            public void rowsProgress(long read, long written) {
                next.rowsProgress(read, written);
            }

            @Override
            public void rowsProgress(String dataset, long read, long written) {
                next.rowsProgress(dataset, read, written);
            }

            @Override
            public void notice(String message) {
                next.notice(message);
            }

            @Override
            public void datasetFinished(DatasetResult result) {
                next.datasetFinished(result);
                resolve();
                if (store == null || failed) {
                    return;
                }
                try {
                    store.recordDataset(runId, result);
                } catch (RuntimeException e) {
                    failed = true;
                    warn.accept("the run's progress is not recorded in the metadata store: " + e.getMessage());
                }
            }
        };
    }

    @Override
    public void close() {
        RunStore opened = store;
        if (opened == null) {
            opened = opening.handle((s, e) -> s).join();
        }
        if (opened != null) {
            opened.close();
        }
    }
}
