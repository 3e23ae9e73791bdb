package dev.strata.server.triggers;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.core.trigger.FileListing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the folders of {@code files:} triggers: each poll lists a folder ({@link FileListing}, the engine's rule of
 * which files are data) and keeps the files that are new: that no run of the pipeline was started for ({@code
 * trigger_seen}, the trigger's file ledger) and that no dataset has already ingested (the run ledger). The first new
 * file opens a burst; when the trigger's debounce has passed, one run is queued for every new file seen by then, and
 * the files are recorded in the same transaction, so a file never starts a second run, whichever server lists it.
 */
final class FileTriggers implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FileTriggers.class);

    private final WatchedTriggers watched;
    private final TriggeredRuns runs;
    private final dev.strata.store.TriggerRepository store;
    private final Clock clock;
    private final BiFunction<String, Path, List<String>> allowedRoots;
    /** Per trigger, when its oldest new file was first seen. */
    private final Map<String, Instant> opened = new HashMap<>();
    /** The triggers whose folder lies outside their pipeline's allowed roots, each logged once. */
    private final Set<String> refused = new HashSet<>();

    FileTriggers(
            WatchedTriggers watched,
            TriggeredRuns runs,
            dev.strata.store.TriggerRepository store,
            BiFunction<String, Path, List<String>> allowedRoots,
            Clock clock) {
        this.watched = watched;
        this.runs = runs;
        this.store = store;
        this.allowedRoots = allowedRoots;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            poll();
        } catch (RuntimeException e) {
            // The store is away, or a folder cannot be listed: the next poll tries again.
            LOG.warn("Files triggers: {}", e.toString());
        }
    }

    /** One pass over every files trigger. */
    void poll() {
        Set<String> live = new LinkedHashSet<>();
        for (WatchedTrigger trigger : watched.reload()) {
            if (trigger.kind() != TriggerSpec.Kind.FILES) {
                continue;
            }
            live.add(trigger.key());
            TriggerSpec.Files files = trigger.spec().files();
            Path folder = FileListing.folder(files.path(), trigger.baseDir());
            // A posted pipeline names the folder: the server lists only where the pipeline's runs may read.
            Optional<String> outside = AllowedRoots.of(allowedRoots.apply(trigger.pipeline(), trigger.baseDir()))
                    .violation(folder.toString());
            if (outside.isPresent()) {
                if (refused.add(trigger.key())) {
                    LOG.warn(
                            "Files trigger {} of pipeline {} is not watched: its folder {} ({}; STRATA_ALLOWED_ROOTS)",
                            trigger.index(),
                            trigger.pipeline(),
                            files.path(),
                            outside.get());
                }
                continue;
            }
            List<String> listed = FileListing.list(folder, files.pattern());
            List<String> fresh = new ArrayList<>(listed);
            fresh.removeAll(store.seen(trigger.pipeline(), TriggerSpec.Kind.FILES.label(), listed));
            fresh.removeAll(store.ingested(fresh));
            if (fresh.isEmpty()) {
                opened.remove(trigger.key());
                continue;
            }
            Instant now = clock.instant();
            Instant first = opened.computeIfAbsent(trigger.key(), k -> now);
            if (!now.isBefore(first.plus(trigger.debounce()))) {
                runs.queue(trigger, folder.toString(), fresh);
                opened.remove(trigger.key());
            }
        }
        opened.keySet().retainAll(live);
        refused.retainAll(live);
    }
}
