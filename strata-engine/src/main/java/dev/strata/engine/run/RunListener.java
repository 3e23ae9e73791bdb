package dev.strata.engine.run;

import dev.strata.core.run.DatasetResult;

/** Hears a run's progress; the CLI draws its progress bar and summary from it. */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    default void datasetStarted(String dataset, int index, int total) {}

    /** Spark tasks finished so far for the current dataset, out of those submitted. */
    default void tasksProgress(long done, long submitted) {}

    default void datasetFinished(DatasetResult result) {}

    /** A one-line remark worth showing, e.g. that schedule is only used by the server. */
    default void notice(String message) {}
}
