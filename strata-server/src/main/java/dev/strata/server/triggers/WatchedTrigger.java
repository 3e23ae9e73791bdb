package dev.strata.server.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.core.trigger.EventFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One trigger of a registered pipeline's current version, ready to match: {@code index} is its place in the file's
 * {@code triggers:} list, so that two triggers of one pipeline gather their bursts apart.
 */
record WatchedTrigger(
        String pipeline, int index, TriggerSpec spec, EventFilter filter, Duration debounce, Path baseDir) {
    /** The type of the events that feed dataset triggers. */
    static final String DATASET_COMPLETED = "dev.strata.dataset.completed";

    static WatchedTrigger of(String pipeline, int index, TriggerSpec spec, Path baseDir) {
        EventFilter filter = spec.kafka() != null ? EventFilter.of(spec.kafka().filter()) : EventFilter.all();
        return new WatchedTrigger(pipeline, index, spec, filter, spec.debounceWindow(), baseDir);
    }

    TriggerSpec.Kind kind() {
        return spec.kind();
    }

    /** The burst key: a pipeline's trigger. */
    String key() {
        return pipeline + "#" + index;
    }

    /** The topic this trigger reads: its own, or the events topic for a dataset trigger; null for files. */
    String topic(String eventsTopic) {
        return switch (spec.kind()) {
            case KAFKA -> spec.kafka().topic();
            case DATASET -> eventsTopic;
            case FILES -> null;
        };
    }

    /** Where its events come from, as a run records it. */
    String source(String eventsTopic) {
        return switch (spec.kind()) {
            case KAFKA -> spec.kafka().topic();
            case DATASET -> spec.dataset().pipeline() + "/" + spec.dataset().name();
            case FILES -> spec.files().path();
        };
    }

    /**
     * Whether an event read from its topic starts this trigger. A dataset trigger takes a {@code
     * dev.strata.dataset.completed} event whose subject is {@code <pipeline>/<dataset>} (or whose data names them),
     * whose status is succeeded and whose table_version is a number: the dataset committed a new version (the events
     * part's contract: a succeeded dataset that committed nothing has a null table_version).
     */
    boolean matches(JsonNode event) {
        if (spec.kind() == TriggerSpec.Kind.DATASET) {
            if (!DATASET_COMPLETED.equals(event.path("type").asText())) {
                return false;
            }
            String subject = spec.dataset().pipeline() + "/" + spec.dataset().name();
            JsonNode data = event.path("data");
            boolean named = subject.equals(event.path("subject").asText())
                    || (spec.dataset().pipeline().equals(data.path("pipeline").asText())
                            && spec.dataset().name().equals(data.path("dataset").asText()));
            String status = data.path("status").asText().toLowerCase(Locale.ROOT);
            return named
                    && status.equals("succeeded")
                    && data.path("table_version").isNumber();
        }
        return filter.matches(event);
    }
}
