package dev.strata.server.events;

import dev.strata.core.config.Config;
import dev.strata.core.config.EventsConfig;
import dev.strata.core.config.RunConfig;
import dev.strata.core.secret.Secrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How the server publishes lifecycle events: the brokers ({@code KAFKA_BOOTSTRAP_SERVERS}; null publishes none), the
 * topic, how long the outbox keeps events, and the producer properties passed through ({@code
 * STRATA_EVENTS_PRODUCER_*}). The values of secret ones (the JAAS config, passwords, keys, tokens) are remembered by
 * {@link Secrets}, so that no log line or error shows them; names alone are logged.
 */
public record EventsSettings(
        String bootstrapServers, String topic, Duration retention, Map<String, String> producerProperties) {
    private static final String PREFIX = EventsConfig.PRODUCER.name();
    /** What the relay's guarantee rests on: not to be changed by a pass-through property. */
    private static final Set<String> FIXED = Set.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    /** The properties whose values are secrets: SASL's JAAS config, passwords, keys, tokens and credentials. */
    private static final Pattern SECRET =
            Pattern.compile("jaas|password|secret|token|credential|\\.key$|keystore\\.key");

    public EventsSettings {
        producerProperties = Map.copyOf(producerProperties);
    }

    /** The settings in {@code environment}; every bad value is reported at once, as a {@code ConfigException}. */
    public static EventsSettings fromEnvironment(Map<String, String> environment) {
        Config config = Config.of(environment);
        String bootstrap = config.get(RunConfig.KAFKA_BOOTSTRAP_SERVERS);
        String topic = config.get(EventsConfig.TOPIC);
        Duration retention = config.get(EventsConfig.RETENTION);
        Map<String, String> properties = new TreeMap<>();
        config.family(EventsConfig.PRODUCER).forEach((name, value) -> {
            String property =
                    name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (SECRET.matcher(property).find()) {
                Secrets.remember(value);
            }
            if (FIXED.contains(property)) {
                config.problem(name + " is not allowed: the events relay fixes " + property
                        + " (its delivery guarantee rests on it; see docs/events.md)");
            } else if (property.isEmpty()) {
                config.problem(name + " names no producer property (set e.g. " + PREFIX + "SECURITY_PROTOCOL)");
            } else {
                properties.put(property, value);
            }
        });
        config.validate();
        return new EventsSettings(
                bootstrap == null || bootstrap.isBlank() ? null : bootstrap, topic, retention, properties);
    }

    /** Whether a relay publishes: the brokers are set. */
    public boolean publishes() {
        return bootstrapServers != null;
    }

    /** The producer's configuration: the pass-through properties under the relay's fixed ones. */
    Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // A broker that is down blocks send() at most this long; the relay then backs off and tries again.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.putAll(producerProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringSerializer.class.getName());
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        return config;
    }

    /** The pass-through properties' names, for the log: their values are never shown. */
    String describe() {
        return "topic " + topic + " on " + Secrets.redact(bootstrapServers)
                + (producerProperties.isEmpty() ? "" : ", producer properties " + producerProperties.keySet());
    }

    @Override
    public String toString() {
        return "EventsSettings[" + (publishes() ? describe() : "no relay") + ", retention " + retention + "]";
    }
}
