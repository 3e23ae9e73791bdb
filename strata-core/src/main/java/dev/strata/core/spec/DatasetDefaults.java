package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What every dataset of the pipeline takes unless it sets its own: the pipeline-wide {@code defaults:} block. A block
 * rather than top-level keys, so that {@code retries:} is not read as retrying the whole run (the server's
 * {@code STRATA_MAX_RETRIES} does that for a crashed engine).
 */
public record DatasetDefaults(
        @JsonPropertyDescription("How often a dataset that failed with an engine or storage error is tried again, 0 to"
                + " 10; 0 (no retry) when absent.")
        Integer retries,

        @JsonPropertyDescription("The wait before the first retry, doubled before each next one (at most 1h a wait),"
                + " e.g. 30s (the default).")
        String retryBackoff) {

    public static final DatasetDefaults NONE = new DatasetDefaults(null, null);
}
