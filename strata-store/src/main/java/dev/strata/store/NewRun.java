package dev.strata.store;

import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A run to queue ({@link RunRepository#enqueue}): what every run has, and where it comes from.
 *
 * @param logicalTime the time the run stands for (a schedule's fire time, or the run it resumes), or null
 * @param resumedFrom the run this one resumes, or null
 */
public record NewRun(
        String id,
        String pipeline,
        int version,
        String only,
        Map<String, String> parameters,
        String submittedBy,
        Instant createdAt,
        Instant logicalTime,
        String resumedFrom) {

    /** A run started by hand: no logical time of its own, resuming nothing. */
    public static NewRun of(
            String id,
            String pipeline,
            int version,
            String only,
            Map<String, String> parameters,
            String submittedBy,
            Instant createdAt) {
        return new NewRun(id, pipeline, version, only, parameters, submittedBy, createdAt, null, null);
    }

    public NewRun withLogicalTime(Instant time) {
        return new NewRun(id, pipeline, version, only, parameters, submittedBy, createdAt, time, resumedFrom);
    }

    public NewRun withResumedFrom(String runId) {
        return new NewRun(id, pipeline, version, only, parameters, submittedBy, createdAt, logicalTime, runId);
    }

    /** Inserts the run, queued to start at once, in {@code handle}'s transaction. */
    void insert(Handle handle) {
        handle.createUpdate("""
                        INSERT INTO runs (id, pipeline, version, state, only_selector, parameters, submitted_by,
                            created_at, not_before, logical_time, resumed_from)
                        VALUES (:id, :pipeline, :version, 'queued', :only, CAST(:parameters AS jsonb), :by, :at, :at,
                            :logicalTime, :resumedFrom)""")
                .bind("id", id)
                .bind("pipeline", pipeline)
                .bind("version", version)
                .bind("only", only)
                .bind("parameters", RunRows.parametersJson(parameters))
                .bind("by", submittedBy)
                .bind("at", RunRepository.utc(createdAt))
                .bind("logicalTime", logicalTime == null ? null : RunRepository.utc(logicalTime))
                .bind("resumedFrom", resumedFrom)
                .execute();
    }
}
