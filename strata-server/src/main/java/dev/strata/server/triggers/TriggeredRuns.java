package dev.strata.server.triggers;

import dev.strata.store.MetadataStore;
import dev.strata.store.NewRun;
import dev.strata.store.RunRepository.StoredRun;
import dev.strata.store.TriggerEvents;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues the run a trigger's events start: of the pipeline's current version, with its declared defaults, submitted by
 * {@code trigger:<kind>}, and with the events' ids, which the store records as seen in the same transaction.
 */
final class TriggeredRuns {
    private static final Logger LOG = LoggerFactory.getLogger(TriggeredRuns.class);
    /** The run ids the API gives ({@code run_<UTC time>_<8 hex>}), so triggered runs sort among the others. */
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final MetadataStore store;
    private final WatchedTriggers watched;
    private final Runnable wake;
    private final Clock clock;

    TriggeredRuns(MetadataStore store, WatchedTriggers watched, Runnable wake, Clock clock) {
        this.store = store;
        this.watched = watched;
        this.wake = wake;
        this.clock = clock;
    }

    /**
     * Queues a run of the trigger's pipeline for the events {@code ids} from {@code source}; empty when its pipeline is
     * gone or every event already started a run. Throws when the store cannot be written, so that the caller keeps
     * the events for a later try.
     */
    Optional<StoredRun> queue(WatchedTrigger trigger, String source, List<String> ids) {
        int version = watched.version(trigger.pipeline());
        if (version < 0) {
            return Optional.empty();
        }
        String id = "run_" + RUN_TIME.format(clock.instant()) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        NewRun run = NewRun.of(
                        id,
                        trigger.pipeline(),
                        version,
                        null,
                        Map.of(),
                        "trigger:" + trigger.kind().label(),
                        clock.instant())
                .withTriggerEvents(new TriggerEvents(trigger.kind().label(), source, ids));
        Optional<StoredRun> queued = store.triggers().queueTriggered(run);
        queued.ifPresentOrElse(
                q -> {
                    LOG.info(
                            "Trigger {} of pipeline {} queued run {} for {} event(s) from {}",
                            trigger.index(),
                            trigger.pipeline(),
                            q.id(),
                            q.triggerEvents().events().size(),
                            source);
                    wake.run();
                },
                () -> LOG.info(
                        "Trigger {} of pipeline {}: {} event(s) from {} already started a run",
                        trigger.index(),
                        trigger.pipeline(),
                        ids.size(),
                        source));
        return queued;
    }
}
