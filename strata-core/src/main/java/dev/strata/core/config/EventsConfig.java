package dev.strata.core.config;

import static dev.strata.core.config.Part.SERVER;

import java.time.Duration;
import java.util.List;

/**
 * The settings of the server's lifecycle events relay (docs/events.md, "The outbox guarantee"). The brokers are {@link
 * RunConfig#KAFKA_BOOTSTRAP_SERVERS}; without them the outbox is still filled, and pruned, but nothing is published.
 */
public final class EventsConfig {
    public static final Setting<String> TOPIC = Setting.env(
                    "STRATA_EVENTS_TOPIC",
                    SettingType.text("Kafka topic name", "letters, digits, '.', '_' or '-', at most 249"),
                    SERVER)
            .defaultValue("strata.events")
            .check(topic -> topic.matches("[A-Za-z0-9._-]{1,249}"), "a Kafka topic name")
            .doc("The topic lifecycle events are published to, keyed by pipeline.");
    public static final Setting<String> PRODUCER = Setting.prefix("STRATA_EVENTS_PRODUCER_", SERVER)
            .asSecret()
            .doc(
                    "Kafka producer properties for the events relay, e.g. `STRATA_EVENTS_PRODUCER_SECURITY_PROTOCOL=SASL_SSL`"
                            + " is `security.protocol` (the rest of the name, lower case, `_` as `.`). Their values are kept"
                            + " out of logs and errors. `enable.idempotence`, `acks` and the serializers are fixed.");
    public static final Setting<Duration> RETENTION = Setting.env(
                    "STRATA_EVENTS_RETENTION", SettingType.DURATION, SERVER)
            .defaultValue("7d")
            .doc(
                    "Published events are deleted from the outbox after this; without `KAFKA_BOOTSTRAP_SERVERS`, unpublished"
                            + " ones too.");

    static final List<Setting<?>> ALL = List.of(TOPIC, PRODUCER, RETENTION);

    private EventsConfig() {}
}
