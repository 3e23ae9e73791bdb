package dev.strata.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.config.ConfigException;
import dev.strata.core.secret.Secrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsSettingsTest {
    private static final String PASSWORD = "events-settings-canary-81c3f0";

    @Test
    void withoutBrokersNothingIsPublishedAndDefaultsHold() {
        EventsSettings settings = EventsSettings.fromEnvironment(Map.of());
        assertThat(settings.publishes()).isFalse();
        assertThat(settings.topic()).isEqualTo("strata.events");
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void passesProducerPropertiesThroughAndKeepsSecretValuesOutOfWhatIsShown() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"strata\" password=\""
                + PASSWORD + "\";";
        EventsSettings settings = EventsSettings.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093,broker-2:9093",
                "STRATA_EVENTS_TOPIC", "lake.events",
                "STRATA_EVENTS_PRODUCER_SECURITY_PROTOCOL", "SASL_SSL",
                "STRATA_EVENTS_PRODUCER_SASL_JAAS_CONFIG", jaas,
                "STRATA_EVENTS_PRODUCER_SSL_TRUSTSTORE_PASSWORD", PASSWORD + "-trust"));
        Map<String, Object> config = settings.producerConfig("relay");
        assertThat(config)
                .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", jaas)
                .containsEntry("ssl.truststore.password", PASSWORD + "-trust")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all");
        assertThat(settings.toString() + settings.describe())
                .contains("lake.events", "sasl.jaas.config", "security.protocol")
                .doesNotContain(PASSWORD);
        assertThat(Secrets.redact("login failed for " + jaas)).doesNotContain(PASSWORD);
        assertThat(Secrets.redact("protocol SASL_SSL")).isEqualTo("protocol SASL_SSL");
    }

    @Test
    void refusesToLoosenTheDeliveryGuaranteeNamingTheVariable() {
        assertThatThrownBy(() -> EventsSettings.fromEnvironment(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
                        "STRATA_EVENTS_PRODUCER_ACKS", "0",
                        "STRATA_EVENTS_TOPIC", "bad topic!")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRATA_EVENTS_PRODUCER_ACKS is not allowed: the events relay fixes acks")
                .hasMessageContaining("STRATA_EVENTS_TOPIC=bad topic! is not valid (set a Kafka topic name)");
    }
}
