package dev.strata.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.store.RunRepository;
import dev.strata.store.RunRepository.RunWithDatasets;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs as read from the store, for the API's most frequent read (clients poll runs): a finished run is read once (it
 * never changes again), a queued or running one at most once per {@link #LIVE_RUN_FRESHNESS}.
 */
final class RunCache {
    /** How stale a queued or running run's view may be. */
    static final Duration LIVE_RUN_FRESHNESS = Duration.ofMillis(250);

    private final RunRepository runs;
    /** Finished runs as read from the store; they never change again. */
    private final Cache<String, RunWithDatasets> finishedRuns =
            Caffeine.newBuilder().maximumSize(10_000).build();
    /**
     * Queued and running runs as read from the store, for {@link #LIVE_RUN_FRESHNESS}: clients poll them, many at a
     * time, and a status that much older costs them nothing.
     */
    private final Cache<String, RunWithDatasets> liveRuns = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(LIVE_RUN_FRESHNESS)
            .build();

    RunCache(RunRepository runs) {
        this.runs = runs;
    }

    /** The run with its datasets: one query, and none for a finished run read before or a live run read just now. */
    Optional<RunWithDatasets> find(String id) {
        RunWithDatasets found = finishedRuns.getIfPresent(id);
        if (found == null) {
            found = liveRuns.getIfPresent(id);
        }
        if (found == null) {
            found = runs.findWithDatasets(id).orElse(null);
            if (found != null) {
                (found.run().state().finished() ? finishedRuns : liveRuns).put(id, found);
            }
        }
        return Optional.ofNullable(found);
    }

    /** Forgets a live run that just changed (e.g. was cancelled). */
    void invalidate(String id) {
        liveRuns.invalidate(id);
    }
}
