package dev.strata.engine.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.config.ConfigException;
import dev.strata.core.config.LineageConfig;
import dev.strata.core.config.RunConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.KafkaTransport;
import io.openlineage.client.transports.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which transport the settings choose, and what a bad setting reads like. */
class LineageSettingsTest {
    @Test
    void nothingConfiguredMeansNoLineage() {
        LineageSettings settings = LineageSettings.from(Map.of());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.namespace()).isEqualTo("strata");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aUrlChoosesTheHttpTransportAndTheTargetNeverShowsASecret() throws Exception {
        LineageSettings settings = LineageSettings.from(Map.of(
                LineageConfig.URL.name(), "https://ol:pa55word@marquez.example:5000",
                LineageConfig.API_KEY.name(), "s3cret-api-key",
                LineageConfig.NAMESPACE.name(), "lake",
                LineageConfig.TIMEOUT.name(), "2s"));
        assertThat(settings.transport()).isEqualTo("http");
        assertThat(settings.target()).isEqualTo("https://marquez.example:5000/api/v1/lineage");
        assertThat(settings.toString()).doesNotContain("s3cret-api-key").doesNotContain("pa55word");
        assertThat(settings.namespace()).isEqualTo("lake");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        try (Transport transport = settings.open()) {
            assertThat(transport).isInstanceOf(HttpTransport.class);
        }
    }

    @Test
    void theKafkaTransportFallsBackToTheRunsBrokers() throws Exception {
        LineageSettings settings = LineageSettings.from(Map.of(
                LineageConfig.TRANSPORT.name(), "kafka", RunConfig.KAFKA_BOOTSTRAP_SERVERS.name(), "127.0.0.1:1"));
        assertThat(settings.target()).isEqualTo("kafka topic openlineage.events");
        assertThat(settings.values()).containsEntry("servers", "127.0.0.1:1");
        try (Transport transport = settings.open()) {
            assertThat(transport).isInstanceOf(KafkaTransport.class);
        }
    }

    @Test
    void theFileTransportWritesWhereItIsTold(@TempDir Path dir) throws Exception {
        String file = dir.resolve("events.jsonl").toString();
        LineageSettings settings =
                LineageSettings.from(Map.of(LineageConfig.TRANSPORT.name(), "file", LineageConfig.FILE.name(), file));
        assertThat(settings.target()).isEqualTo(file);
        try (Transport transport = settings.open()) {
            assertThat(transport).isInstanceOf(FileTransport.class);
        }
    }

    @Test
    void everyMissingOrBadSettingIsReportedAtOnceWithoutTheKey() {
        assertThatThrownBy(() -> LineageSettings.from(Map.of(
                        LineageConfig.TRANSPORT.name(), "http",
                        LineageConfig.ENDPOINT.name(), "api/v1/lineage",
                        LineageConfig.TIMEOUT.name(), "soon",
                        LineageConfig.API_KEY.name(), "s3cret-api-key")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRATA_LINEAGE_TRANSPORT=http needs OPENLINEAGE_URL")
                .hasMessageContaining("OPENLINEAGE_ENDPOINT=api/v1/lineage is not valid")
                .hasMessageContaining("STRATA_LINEAGE_TIMEOUT=soon is not valid")
                .message()
                .doesNotContain("s3cret-api-key");
        assertThatThrownBy(() -> LineageSettings.from(Map.of(LineageConfig.URL.name(), "marquez:5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OPENLINEAGE_URL=marquez:5000 is not valid (set an http:// or https:// URL");
        assertThatThrownBy(() -> LineageSettings.from(Map.of(LineageConfig.TRANSPORT.name(), "kafka")))
                .hasMessageContaining(
                        "STRATA_LINEAGE_TRANSPORT=kafka needs STRATA_LINEAGE_KAFKA_BOOTSTRAP_SERVERS or KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> LineageSettings.from(Map.of(LineageConfig.TRANSPORT.name(), "syslog")))
                .hasMessageContaining(
                        "STRATA_LINEAGE_TRANSPORT=syslog is not valid (set http or kafka or file or none)");
    }

    @Test
    void rootsAreNamedAsUris() {
        assertThat(LineageNames.rootNamespace("/srv/lake/")).isEqualTo("file:///srv/lake");
        assertThat(LineageNames.rootNamespace("s3a://bucket/lake")).isEqualTo("s3a://bucket/lake");
        assertThat(LineageNames.rootNamespace("abfss://c@acct.dfs.core.windows.net/lake"))
                .isEqualTo("abfss://acct.dfs.core.windows.net/lake");
    }
}
