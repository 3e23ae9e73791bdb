package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A run to put on the queue ({@link RunRepository#enqueue}): what every run has, and what the part that starts it
 * adds: the logical time (schedules), the run it resumes (resume), the events that started it (triggers). The extra
 * fields are null when they do not apply.
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
        String resumedFrom,
        TriggerEvents triggerEvents) {

    public NewRun {
        requireNonNull(id, "id is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(submittedBy, "submittedBy is null");
        requireNonNull(createdAt, "createdAt is null");
        parameters = parameters == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    /** A run with none of the extra fields: started by hand, resuming nothing. */
    public static NewRun of(
            String id,
            String pipeline,
            int version,
            String only,
            Map<String, String> parameters,
            String submittedBy,
            Instant createdAt) {
        return new NewRun(id, pipeline, version, only, parameters, submittedBy, createdAt, null, null, null);
    }

    public NewRun withLogicalTime(Instant time) {
        return new NewRun(
                id, pipeline, version, only, parameters, submittedBy, createdAt, time, resumedFrom, triggerEvents);
    }

    public NewRun withResumedFrom(String runId) {
        return new NewRun(
                id, pipeline, version, only, parameters, submittedBy, createdAt, logicalTime, runId, triggerEvents);
    }

    public NewRun withTriggerEvents(TriggerEvents events) {
        return new NewRun(
                id, pipeline, version, only, parameters, submittedBy, createdAt, logicalTime, resumedFrom, events);
    }

    /** Inserts this run as queued, in the caller's transaction ({@link RunRepository#enqueue} is the one caller). */
    void insert(Handle handle) {
        handle.createUpdate("""
                        INSERT INTO runs (id, pipeline, version, state, only_selector, parameters, submitted_by,
                            created_at, not_before, logical_time, resumed_from, trigger_events)
                        VALUES (:id, :pipeline, :version, 'queued', :only, CAST(:parameters AS jsonb), :by, :at, :at,
                            :logicalTime, :resumedFrom, CAST(:triggerEvents AS jsonb))""")
                .bind("id", id)
                .bind("pipeline", pipeline)
                .bind("version", version)
                .bind("only", only)
                .bind("parameters", RunRows.parametersJson(parameters))
                .bind("by", submittedBy)
                .bind("at", RunRepository.utc(createdAt))
                .bind("logicalTime", logicalTime == null ? null : RunRepository.utc(logicalTime))
                .bind("resumedFrom", resumedFrom)
                .bind("triggerEvents", RunRows.triggerEventsJson(triggerEvents))
                .execute();
    }
}
