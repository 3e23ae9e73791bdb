package dev.strata.core.spec;

import java.time.Duration;

/**
 * How a dataset is retried after an engine or storage error: its own {@code retries:} and {@code retry_backoff:}, else
 * the pipeline's {@code defaults:}, else no retry. The wait is exponential: {@code backoff} before the first retry,
 * doubled before each next one, at most {@link #MAX_WAIT} a wait.
 *
 * @param retries how many times the dataset is tried again; 0 for no retry
 */
public record RetryPolicy(int retries, Duration backoff) {
    public static final int MAX_RETRIES = 10;
    public static final String DEFAULT_BACKOFF = "30s";
    public static final Duration MAX_WAIT = Duration.ofHours(1);
    public static final RetryPolicy NONE = new RetryPolicy(0, Durations.parse(DEFAULT_BACKOFF));

    /** The policy of {@code dataset} in {@code pipeline}; the values were checked as the file was validated. */
    public static RetryPolicy of(PipelineSpec pipeline, DatasetSpec dataset) {
        DatasetDefaults defaults = pipeline.defaults();
        Integer retries = dataset.retries() != null ? dataset.retries() : defaults.retries();
        String backoff = dataset.retryBackoff() != null ? dataset.retryBackoff() : defaults.retryBackoff();
        return new RetryPolicy(
                retries == null ? 0 : retries, Durations.parse(backoff == null ? DEFAULT_BACKOFF : backoff));
    }

    /** How many times the dataset may be tried in all. */
    public int maxAttempts() {
        return retries + 1;
    }

    /** The wait before retry {@code retry} (1 for the first): the backoff doubled {@code retry - 1} times, capped. */
    public Duration waitBefore(int retry) {
        Duration wait = backoff;
        for (int i = 1; i < retry && wait.compareTo(MAX_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
