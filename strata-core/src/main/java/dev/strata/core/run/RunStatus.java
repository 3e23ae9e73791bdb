package dev.strata.core.run;

/** How a run or one of its datasets ended. */
public enum RunStatus {
    SUCCEEDED,
    /** Nothing to do: already committed under this run id, or not selected. */
    SKIPPED,
    /** Not built because something upstream failed. */
    UPSTREAM_FAILED,
    FAILED
}
