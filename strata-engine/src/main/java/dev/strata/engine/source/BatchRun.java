package dev.strata.engine.source;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The run a batch belongs to: the current run, or the interrupted run whose pending batch is replayed, so that a
 * replayed batch is stamped and committed exactly as the interrupted run would have done.
 */
public record BatchRun(String runId, Instant time) {
    public BatchRun {
        requireNonNull(runId, "runId is null");
        requireNonNull(time, "time is null");
    }

    public Timestamp timestamp() {
        return Timestamp.from(time);
    }
}
