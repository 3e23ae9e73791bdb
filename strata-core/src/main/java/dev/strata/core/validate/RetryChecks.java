package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.RetryPolicy;

/**
 * Checks {@code retries:} and {@code retry_backoff:}, of a dataset or of the pipeline's {@code defaults:}, beyond their
 * types (the schema checks those): a bounded count, and a backoff the engine can wait.
 */
final class RetryChecks {
    private RetryChecks() {}

    /** Checks the retry keys of the object at {@code path}. */
    static void check(Problems problems, YamlPath path, JsonNode node) {
        JsonNode retries = node.path("retries");
        if (retries.isIntegralNumber() && (retries.asLong() < 0 || retries.asLong() > RetryPolicy.MAX_RETRIES)) {
            problems.error(
                    path.child("retries"),
                    "retries must be 0 to " + RetryPolicy.MAX_RETRIES + ", not " + retries.asText(),
                    "the number of times a dataset is tried again after an engine or storage error, e.g. 3");
        }
        JsonNode backoff = node.path("retry_backoff");
        if (!backoff.isTextual()) {
            return;
        }
        if (!Durations.SYNTAX.matcher(backoff.asText()).matches()) {
            problems.error(
                    path.child("retry_backoff"),
                    "invalid retry_backoff '" + backoff.asText() + "'",
                    "a duration such as 30s, 5m or 1h");
        } else if (Durations.parse(backoff.asText()).compareTo(RetryPolicy.MAX_WAIT) > 0) {
            problems.error(
                    path.child("retry_backoff"),
                    "retry_backoff " + backoff.asText() + " is longer than 1h",
                    "use at most 1h: the wait doubles before each next retry, up to 1h a wait");
        }
    }
}
