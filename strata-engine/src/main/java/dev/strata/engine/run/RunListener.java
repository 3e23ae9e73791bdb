package dev.strata.engine.run;

import dev.strata.core.run.DatasetResult;

/** Hears a run's progress; the CLI draws its progress bar and summary from it. */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    default void datasetStarted(String dataset, int index, int total) {}

    /** The current dataset entered {@code phase}; a dataset read in several batches goes through them again. */
    default void phaseStarted(String dataset, DatasetPhase phase) {}

    /**
     * Rows Spark's finished tasks have read from files or tables, and written, so far for the current dataset (a
     * source Spark does not count, e.g. a JDBC query, reads 0).
     */
    default void rowsProgress(long read, long written) {}

    /**
     * Rows Spark's finished tasks have read and written so far for {@code dataset}, one of those being built; when
     * datasets are built at once, each reports its own. Goes to {@link #rowsProgress(long, long)} unless overridden.
     */
    default void rowsProgress(String dataset, long read, long written) {
        rowsProgress(read, written);
    }

    default void datasetFinished(DatasetResult result) {}

    /** A one-line remark worth showing, e.g. that schedule is only used by the server. */
    default void notice(String message) {}
}
