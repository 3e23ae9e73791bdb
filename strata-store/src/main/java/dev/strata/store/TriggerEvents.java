package dev.strata.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What started a run by a trigger: its kind ({@code kafka}, {@code dataset} or {@code files}), where the events came
 * from (a topic, {@code pipeline/dataset}, or a folder) and the ids of the events (for files, their paths), in the
 * order they arrived. Kept in {@code runs.trigger_events}.
 */
public record TriggerEvents(String kind, String source, List<String> events) {
    public TriggerEvents {
        requireNonNull(kind, "kind is null");
        requireNonNull(source, "source is null");
        events = List.copyOf(events);
    }
}
