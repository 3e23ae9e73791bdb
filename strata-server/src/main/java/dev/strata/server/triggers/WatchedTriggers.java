package dev.strata.server.triggers;

import dev.strata.core.error.StrataException;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The triggers of every registered pipeline's current version, re-read from the store on each call of {@link
 * #reload}: a version is parsed once (as the server reads YAML: {@code ${VAR}} left as written), and a version that no
 * longer validates watches nothing.
 */
final class WatchedTriggers {
    private final MetadataStore store;
    private final Map<String, List<WatchedTrigger>> parsed = new ConcurrentHashMap<>();
    private volatile List<WatchedTrigger> current = List.of();

    WatchedTriggers(MetadataStore store) {
        this.store = store;
    }

    /** Reads the registered pipelines again; returns every trigger they declare. */
    List<WatchedTrigger> reload() {
        List<WatchedTrigger> all = new ArrayList<>();
        java.util.Set<String> versions = new java.util.HashSet<>();
        for (StoredPipeline pipeline : store.pipelines().list()) {
            String key = pipeline.name() + "@" + pipeline.version();
            versions.add(key);
            all.addAll(parsed.computeIfAbsent(key, k -> parse(pipeline)));
        }
        // Versions no longer current are parsed no more.
        parsed.keySet().retainAll(versions);
        current = List.copyOf(all);
        return current;
    }

    /** The triggers the last {@link #reload} found. */
    List<WatchedTrigger> current() {
        return current;
    }

    /** The current version of the pipeline, to run; -1 when it is gone. */
    int version(String pipeline) {
        return store.pipelines().find(pipeline).map(StoredPipeline::version).orElse(-1);
    }

    private List<WatchedTrigger> parse(StoredPipeline pipeline) {
        Path baseDir = Path.of(pipeline.baseDir());
        try {
            String yaml = store.pipelines()
                    .version(pipeline.name(), pipeline.version())
                    .orElseThrow()
                    .yaml();
            Pipeline parsedPipeline = PipelineLoader.parse(
                    yaml, baseDir.resolve("pipeline.yaml"), Variables.unresolved(), AllowedRoots.any());
            List<TriggerSpec> specs = parsedPipeline.spec().triggers();
            List<WatchedTrigger> triggers = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                triggers.add(WatchedTrigger.of(pipeline.name(), i, specs.get(i), baseDir));
            }
            return List.copyOf(triggers);
        } catch (StrataException | java.util.NoSuchElementException e) {
            return List.of();
        }
    }
}
