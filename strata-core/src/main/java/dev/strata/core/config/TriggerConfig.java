package dev.strata.core.config;

import static dev.strata.core.config.Part.SERVER;

import java.time.Duration;
import java.util.List;

/**
 * The settings of the server's triggers (docs/events.md, "Triggers"); they read {@link RunConfig#KAFKA_BOOTSTRAP_SERVERS}
 * and, for dataset triggers, {@link EventsConfig#TOPIC}.
 */
public final class TriggerConfig {
    public static final Setting<String> GROUP_ID = Setting.env("STRATA_TRIGGER_GROUP_ID", SettingType.TEXT, SERVER)
            .defaultValue("strata-triggers")
            .doc("The Kafka consumer group of the servers' triggers: servers on one database share it, so each event"
                    + " reaches one of them.");
    public static final Setting<String> DLQ_TOPIC = Setting.env("STRATA_TRIGGER_DLQ_TOPIC", SettingType.TEXT, SERVER)
            .computedDefault("`<topic>.dlq`, per topic")
            .check(topic -> topic.matches("[A-Za-z0-9._-]{1,249}"), "a Kafka topic name")
            .doc("Where an event a trigger cannot read or match goes, with the reason in its `strata.dlq.reason`"
                    + " header.");
    public static final Setting<Duration> POLL = Setting.env("STRATA_TRIGGER_POLL", SettingType.DURATION, SERVER)
            .defaultValue("10s")
            .check(poll -> !poll.isZero(), "a duration of at least 1s")
            .doc("How often the server re-reads the registered pipelines' triggers and lists the folders `files:`"
                    + " triggers watch.");

    public static final Setting<Duration> SESSION_TIMEOUT = Setting.env(
                    "STRATA_TRIGGER_SESSION_TIMEOUT", SettingType.DURATION, SERVER)
            .defaultValue("45s")
            .check(timeout -> timeout.compareTo(Duration.ofSeconds(1)) >= 0, "a duration of at least 1s")
            .doc("How long the triggers' consumer group waits for a server that stopped without leaving it (killed,"
                    + " or cut off) before its partitions go to the servers still up, or to it when it restarts: Kafka's"
                    + " `session.timeout.ms`, which the broker bounds (by default 6s to 30 min).");

    public static final Setting<String> KAFKA = Setting.prefix("STRATA_TRIGGER_KAFKA_", SERVER)
            .asSecret()
            .doc("Security properties of the triggers' Kafka consumer and dead-letter producer:"
                    + " `STRATA_TRIGGER_KAFKA_SECURITY_PROTOCOL=SASL_SSL` is `security.protocol` (the rest of the name,"
                    + " lower case, `_` as `.`). Only `security.protocol`, `sasl.*` and `ssl.*` are taken; their values"
                    + " are kept out of logs and errors.");

    static final List<Setting<?>> ALL = List.of(GROUP_ID, DLQ_TOPIC, POLL, SESSION_TIMEOUT, KAFKA);

    private TriggerConfig() {}
}
