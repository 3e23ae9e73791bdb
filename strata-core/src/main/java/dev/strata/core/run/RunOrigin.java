package dev.strata.core.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run comes from, kept in its record so that {@code strata run --resume} can run its failed datasets again as
 * it ran them.
 *
 * @param parameters the parameter values the run was given ({@code --param}), without defaults or the environment
 * @param logicalTime the time the run stands for (a schedule's fire time), or null for its start time
 * @param resumedFrom the run this one resumes, or null
 * @param target the target the pipeline was loaded for ({@code --target}, {@code STRATA_TARGET}), or null
 */
public record RunOrigin(Map<String, String> parameters, Instant logicalTime, String resumedFrom, String target) {
    public static final RunOrigin NONE = new RunOrigin(Map.of(), null, null, null);

    public RunOrigin {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** An origin without a target. */
    public RunOrigin(Map<String, String> parameters, Instant logicalTime, String resumedFrom) {
        this(parameters, logicalTime, resumedFrom, null);
    }
}
