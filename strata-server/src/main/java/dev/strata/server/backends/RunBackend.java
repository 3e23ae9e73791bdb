package dev.strata.server.backends;

import dev.strata.store.RunRepository.StoredRun;
import java.io.IOException;

/**
 * Where a run's engine runs: a child JVM on the server's host ({@code local}), a driver started by {@code spark-submit}
 * against a cluster ({@code spark-submit}), or an Argo Workflow on Kubernetes ({@code argo}).
 *
 * <p>The server keeps its guarantees the same way on every back-end: it claims runs from the store's queue, which
 * refuses a second running run of a pipeline; it ends a run past its timeout or cancelled through {@link
 * EngineRun#kill}; and it stops what a dead server left running through {@link #killLeftover}. The engine records its
 * own progress and outcome in the store, wherever it runs.
 */
public interface RunBackend extends AutoCloseable {
    /** Its name, as {@code STRATA_EXECUTOR} gives it. */
    String name();

    /** Starts one run's engine; its output goes to {@link EngineRequest#logFile()}. */
    EngineRun start(EngineRequest request) throws IOException;

    /** Stops what a stopped server left of {@code orphan}, if it still runs here: best effort, never throws. */
    void killLeftover(StoredRun orphan);

    @Override
    default void close() {}
}
