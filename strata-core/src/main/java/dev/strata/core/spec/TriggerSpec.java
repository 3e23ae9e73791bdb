package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An event that starts a run under `strata serve`. */
public record TriggerSpec(
        @JsonPropertyDescription("Start a run when a message arrives on a Kafka topic.")
        Kafka kafka) {

    /** A Kafka topic trigger. */
    public record Kafka(
            @JsonProperty(required = true) @JsonPropertyDescription("Topic to watch.")
            String topic,

            @JsonPropertyDescription("Bootstrap servers; defaults to $KAFKA_BOOTSTRAP_SERVERS.")
            String bootstrapServers) {}
}
