package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A run to put on the queue: what every run has, and what only some have (the logical time of a scheduled run). The
 * one shape every part that starts runs passes to {@link RunRepository#enqueue}.
 *
 * @param id the run's id
 * @param pipeline the pipeline's name
 * @param version the version to run
 * @param only a selector, or null for every dataset
 * @param parameters values for the pipeline's declared parameters
 * @param submittedBy who or what asked for it: a principal's id, or {@code schedule}
 * @param createdAt when it was queued
 * @param logicalTime the time the run is for (a scheduled run's fire time), or null for its start
 */
public record NewRun(
        String id,
        String pipeline,
        int version,
        String only,
        Map<String, String> parameters,
        String submittedBy,
        Instant createdAt,
        Instant logicalTime) {
    public NewRun {
        requireNonNull(id, "id is null");
        requireNonNull(pipeline, "pipeline is null");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        requireNonNull(submittedBy, "submittedBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** A run with nothing but what every run has. */
    public static NewRun of(
            String id,
            String pipeline,
            int version,
            String only,
            Map<String, String> parameters,
            String submittedBy,
            Instant createdAt) {
        return new NewRun(id, pipeline, version, only, parameters, submittedBy, createdAt, null);
    }

    /** The same run, for {@code time}. */
    public NewRun withLogicalTime(Instant time) {
        return new NewRun(id, pipeline, version, only, parameters, submittedBy, createdAt, time);
    }
}
