package dev.strata.server.triggers;

import dev.strata.core.config.Config;
import dev.strata.core.config.EventsConfig;
import dev.strata.core.config.RunConfig;
import dev.strata.core.config.TriggerConfig;
import dev.strata.core.secret.Secrets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How the server's triggers run, from the environment (docs/events.md, "Triggers").
 *
 * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}; null: kafka and dataset triggers are off
 * @param eventsTopic {@code STRATA_EVENTS_TOPIC}: where {@code dev.strata.dataset.completed} events arrive
 * @param groupId {@code STRATA_TRIGGER_GROUP_ID}: the consumer group the servers share
 * @param deadLetterTopic {@code STRATA_TRIGGER_DLQ_TOPIC}; null: {@code <topic>.dlq}
 * @param poll {@code STRATA_TRIGGER_POLL}: how often pipelines are re-read and watched folders listed
 * @param sessionTimeout {@code STRATA_TRIGGER_SESSION_TIMEOUT}: the consumer's {@code session.timeout.ms}
 * @param clientProperties {@code STRATA_TRIGGER_KAFKA_*}: security properties of the consumer and the dead-letter
 *     producer ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}); their values never reach a log
 */
public record TriggerSettings(
        String bootstrapServers,
        String eventsTopic,
        String groupId,
        String deadLetterTopic,
        Duration poll,
        Duration sessionTimeout,
        Map<String, String> clientProperties) {
    /** The only client properties taken: how to connect securely, nothing that changes what is read or committed. */
    private static final Pattern ALLOWED = Pattern.compile("security\\.protocol|sasl\\..+|ssl\\..+");

    private static final Pattern SECRET =
            Pattern.compile("jaas|password|secret|token|credential|\\.key$|keystore\\.key");

    public TriggerSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The settings {@code env} gives; throws one ConfigException naming every bad setting. */
    public static TriggerSettings fromEnvironment(Map<String, String> env) {
        Config config = Config.of(env);
        Map<String, String> properties = new TreeMap<>();
        config.family(TriggerConfig.KAFKA).forEach((name, value) -> {
            String property = name.substring(TriggerConfig.KAFKA.name().length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '.');
            if (SECRET.matcher(property).find()) {
                Secrets.remember(value);
            }
            if (ALLOWED.matcher(property).matches()) {
                properties.put(property, value);
            } else {
                config.problem(name + " is not taken: the triggers' Kafka clients take only security.protocol, sasl.*"
                        + " and ssl.* (set e.g. " + TriggerConfig.KAFKA.name() + "SECURITY_PROTOCOL=SASL_SSL)");
            }
        });
        TriggerSettings settings = new TriggerSettings(
                config.get(RunConfig.KAFKA_BOOTSTRAP_SERVERS),
                config.get(EventsConfig.TOPIC),
                config.get(TriggerConfig.GROUP_ID),
                config.get(TriggerConfig.DLQ_TOPIC),
                config.get(TriggerConfig.POLL),
                config.get(TriggerConfig.SESSION_TIMEOUT),
                properties);
        config.validate();
        return settings;
    }

    @Override
    public String toString() {
        // Names only: the values may be passwords.
        return "TriggerSettings[brokers=" + bootstrapServers + ", eventsTopic=" + eventsTopic + ", group=" + groupId
                + ", deadLetterTopic=" + deadLetterTopic + ", poll=" + poll + ", sessionTimeout=" + sessionTimeout
                + ", clientProperties="
                + clientProperties.keySet() + "]";
    }

    /** The dead-letter topic of events read from {@code topic}. */
    public String deadLetterTopic(String topic) {
        return deadLetterTopic != null ? deadLetterTopic : topic + ".dlq";
    }
}
