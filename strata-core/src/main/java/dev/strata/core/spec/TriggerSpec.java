package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.Map;

/**
 * What starts a run under {@code strata serve}: a message on a Kafka topic, a dataset another pipeline committed, or
 * new files under a folder (docs/events.md, "Triggers"). One kind per trigger; a burst of events within {@code
 * debounce} of the first becomes one run.
 */
public record TriggerSpec(
        @JsonPropertyDescription("Start a run when a matching message arrives on a Kafka topic.")
        Kafka kafka,

        @JsonPropertyDescription("Start a run when another pipeline's dataset commits a new version.")
        Dataset dataset,

        @JsonPropertyDescription("Start a run when new files land under a folder.")
        Files files,

        @JsonPropertyDescription(
                "How long to gather a burst of events into one run, from the first, e.g. 30s (the" + " default) or 0s.")
        String debounce) {

    /** The debounce when a trigger names none. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(30);

    /** The kinds of trigger, as the file names them and runs record them. */
    public enum Kind {
        KAFKA,
        DATASET,
        FILES;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A Kafka topic trigger. */
    public record Kafka(
            @JsonProperty(required = true) @JsonPropertyDescription("Topic to watch.")
            String topic,

            @JsonPropertyDescription(
                    "Which messages start a run: every key must match (see docs/events.md). A key is"
                            + " a CloudEvent attribute (type, source, subject, …) or a dotted path into the message's JSON,"
                            + " e.g. data.region; a value is a string (where * matches any run of characters), a number, a"
                            + " boolean, or a list of them, any of which may match. Without a filter every message starts a run.")
            Map<String, Object> filter) {

        public Kafka {
            filter = Specs.orderedCopy(filter);
        }
    }

    /** A cross-pipeline dependency: runs after another pipeline's dataset committed. */
    public record Dataset(
            @JsonProperty(required = true) @JsonPropertyDescription("The other pipeline's name.")
            String pipeline,

            @JsonProperty(required = true) @JsonPropertyDescription("Its dataset, as layer.name, e.g. gold.revenue.")
            String name) {}

    /** New files under a folder. */
    public record Files(
            @JsonProperty(required = true)
            @JsonPropertyDescription("The folder to watch, relative to the pipeline file's folder or absolute.")
            String path,

            @JsonPropertyDescription("Which file names count, a glob such as *.csv (default: every visible file).")
            String pattern) {}

    /** The kind this trigger is, or null when it names none (the validator reports that). */
    public Kind kind() {
        if (kafka != null) {
            return Kind.KAFKA;
        }
        if (dataset != null) {
            return Kind.DATASET;
        }
        return files != null ? Kind.FILES : null;
    }

    /** The debounce window: {@link #DEFAULT_DEBOUNCE} when none is written. */
    public Duration debounceWindow() {
        return debounce == null ? DEFAULT_DEBOUNCE : Durations.parse(debounce);
    }
}
