package dev.strata.server.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.config.ConfigException;
import dev.strata.core.secret.Secrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The triggers' settings: defaults, and the security properties passed to their Kafka clients, values kept secret. */
class TriggerSettingsTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"strata\" password=\"trigger-canary-31f9\";";

    @Test
    void defaultsWithoutBrokersTurnKafkaTriggersOff() {
        TriggerSettings settings = TriggerSettings.fromEnvironment(Map.of());
        assertThat(settings.bootstrapServers()).isNull();
        assertThat(settings.eventsTopic()).isEqualTo("strata.events");
        assertThat(settings.groupId()).isEqualTo("strata-triggers");
        assertThat(settings.poll()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.sessionTimeout()).as("Kafka's own default").isEqualTo(Duration.ofSeconds(45));
        assertThat(TriggerSettings.fromEnvironment(Map.of("STRATA_TRIGGER_SESSION_TIMEOUT", "6s"))
                        .sessionTimeout())
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(settings.deadLetterTopic("landing.orders")).isEqualTo("landing.orders.dlq");
        assertThat(TriggerSettings.fromEnvironment(Map.of("STRATA_TRIGGER_DLQ_TOPIC", "strata.dead"))
                        .deadLetterTopic("landing.orders"))
                .isEqualTo("strata.dead");
    }

    @Test
    void passesSecurityPropertiesAndKeepsTheirValuesSecret() {
        TriggerSettings settings = TriggerSettings.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k1:9093",
                "STRATA_TRIGGER_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "STRATA_TRIGGER_KAFKA_SASL_MECHANISM", "PLAIN",
                "STRATA_TRIGGER_KAFKA_SASL_JAAS_CONFIG", JAAS));
        assertThat(settings.clientProperties())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS));
        assertThat(settings.toString()).doesNotContain("trigger-canary-31f9").contains("sasl.jaas.config");
        assertThat(Secrets.redact("failed: " + JAAS)).doesNotContain("trigger-canary-31f9");
    }

    @Test
    void refusesPropertiesThatWouldChangeWhatIsReadOrCommitted() {
        assertThatThrownBy(() -> TriggerSettings.fromEnvironment(
                        Map.of("STRATA_TRIGGER_KAFKA_ENABLE_AUTO_COMMIT", "true", "STRATA_TRIGGER_POLL", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRATA_TRIGGER_KAFKA_ENABLE_AUTO_COMMIT is not taken: the triggers' Kafka"
                        + " clients take only security.protocol, sasl.* and ssl.*")
                .hasMessageContaining("STRATA_TRIGGER_POLL=0s is not valid");
    }
}
