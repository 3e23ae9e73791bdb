package dev.strata.server.triggers;

import dev.strata.core.config.Config;
import dev.strata.core.config.EventsConfig;
import dev.strata.core.config.RunConfig;
import dev.strata.core.config.TriggerConfig;
import java.time.Duration;
import java.util.Map;

/**
 * How the server's triggers run, from the environment (docs/events.md, "Triggers").
 *
 * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}; null: kafka and dataset triggers are off
 * @param eventsTopic {@code STRATA_EVENTS_TOPIC}: where {@code dev.strata.dataset.completed} events arrive
 * @param groupId {@code STRATA_TRIGGER_GROUP_ID}: the consumer group the servers share
 * @param deadLetterTopic {@code STRATA_TRIGGER_DLQ_TOPIC}; null: {@code <topic>.dlq}
 * @param poll {@code STRATA_TRIGGER_POLL}: how often pipelines are re-read and watched folders listed
 */
public record TriggerSettings(
        String bootstrapServers, String eventsTopic, String groupId, String deadLetterTopic, Duration poll) {

    /** The settings {@code env} gives; throws one ConfigException naming every bad setting. */
    public static TriggerSettings fromEnvironment(Map<String, String> env) {
        Config config = Config.of(env);
        TriggerSettings settings = new TriggerSettings(
                config.get(RunConfig.KAFKA_BOOTSTRAP_SERVERS),
                config.get(EventsConfig.TOPIC),
                config.get(TriggerConfig.GROUP_ID),
                config.get(TriggerConfig.DLQ_TOPIC),
                config.get(TriggerConfig.POLL));
        config.validate();
        return settings;
    }

    /** The dead-letter topic of events read from {@code topic}. */
    public String deadLetterTopic(String topic) {
        return deadLetterTopic != null ? deadLetterTopic : topic + ".dlq";
    }
}
