package dev.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.strata.core.config.StrataConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose/docker-compose.yml, checked without Docker (this machine has no daemon): its services, that every
 * file it mounts exists in the repository, its ports, the server's settings, and the Prometheus config it mounts
 * (promtool, as MonitoringIT checks monitoring/).
 */
class ComposeStackTest {
    static final Path COMPOSE_DIR = Path.of("compose").toAbsolutePath();
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theStackHasTheServerItsStoreKafkaMonitoringAndS3() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(names(services))
                .containsExactlyInAnyOrder(
                        "strata", "postgres", "kafka", "minio", "minio-setup", "prometheus", "grafana");

        JsonNode strata = services.path("strata");
        assertThat(strata.path("image").asText()).startsWith("ghcr.io/strata-dev/strata:");
        assertThat(strata.path("build").path("dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
        assertThat(COMPOSE_DIR
                        .resolve(strata.path("build").path("context").asText())
                        .normalize())
                .isEqualTo(REPOSITORY);
        assertThat(strata.path("command").get(0).asText()).isEqualTo("serve");

        JsonNode env = strata.path("environment");
        assertThat(env.path("STRATA_DB_URL").asText()).isEqualTo("postgresql://postgres:5432/strata");
        assertThat(env.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:19092");
        for (String name : names(env)) {
            boolean passedToRuns = env.path("STRATA_RUN_ENV").asText().contains(name);
            assertThat(StrataConfig.variable(name).isPresent() || passedToRuns)
                    .as("%s is a setting Strata reads, or a variable STRATA_RUN_ENV passes to runs", name)
                    .isTrue();
        }
        // Secrets come from the environment (or .env), with laptop-only defaults.
        assertThat(env.path("STRATA_DB_PASSWORD").asText()).startsWith("${STRATA_DB_PASSWORD");
        assertThat(env.path("STRATA_ADMIN_TOKEN").asText()).isEqualTo("${STRATA_ADMIN_TOKEN:-}");

        JsonNode kafka = services.path("kafka").path("environment");
        assertThat(kafka.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(kafka.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("kafka:19092");
        assertThat(services.path("postgres")
                        .path("environment")
                        .path("POSTGRES_PASSWORD")
                        .asText())
                .isEqualTo(env.path("STRATA_DB_PASSWORD").asText());
        assertThat(services.path("minio").path("command").toString()).contains("server");
        assertThat(services.path("minio-setup").path("command").get(0).asText()).contains("mc mb --ignore-existing");
    }

    @Test
    void everyMountedFileExistsAndEveryHostPortIsTakenOnce() throws IOException {
        JsonNode services = compose().path("services");
        Set<String> hostPorts = new HashSet<>();
        List<String> mounted = new ArrayList<>();
        for (String name : names(services)) {
            for (JsonNode volume : services.path(name).path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    Path file = COMPOSE_DIR.resolve(source).normalize();
                    assertThat(file).as("%s mounts %s", name, source).exists();
                    assertThat(file).startsWith(REPOSITORY);
                    mounted.add(REPOSITORY.relativize(file).toString());
                }
            }
            for (JsonNode port : services.path(name).path("ports")) {
                String host = port.asText().split(":")[0];
                assertThat(hostPorts.add(host))
                        .as("host port %s is taken twice", host)
                        .isTrue();
            }
        }
        assertThat(hostPorts).containsExactlyInAnyOrder("8080", "5433", "9092", "9000", "9001", "9090", "3000");
        assertThat(mounted)
                .contains(
                        "monitoring/prometheus/alerts.yml",
                        "monitoring/dashboards",
                        "monitoring/grafana/provisioning/dashboards",
                        "deploy/compose/prometheus.yml",
                        "examples");
    }

    @Test
    void prometheusScrapesTheSameJobsAsMonitoringAndPromtoolAcceptsIt() throws Exception {
        JsonNode ours = YAML.readTree(COMPOSE_DIR.resolve("prometheus.yml").toFile());
        JsonNode monitoring = YAML.readTree(
                REPOSITORY.resolve("monitoring/prometheus/prometheus.yml").toFile());
        assertThat(jobs(ours)).isEqualTo(jobs(monitoring));
        assertThat(ours.path("rule_files")).isEqualTo(monitoring.path("rule_files"));
        assertThat(ours.path("scrape_configs")
                        .get(0)
                        .path("static_configs")
                        .get(0)
                        .path("targets")
                        .get(0)
                        .asText())
                .isEqualTo("strata:8080");

        // As the container sees it: /etc/prometheus holds both files.
        Path etc = Files.createTempDirectory("strata-compose-prometheus");
        Files.copy(COMPOSE_DIR.resolve("prometheus.yml"), etc.resolve("prometheus.yml"));
        Files.copy(REPOSITORY.resolve("monitoring/prometheus/alerts.yml"), etc.resolve("alerts.yml"));
        Process promtool = new ProcessBuilder("promtool", "check", "config", "prometheus.yml")
                .directory(etc.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(promtool.getInputStream().readAllBytes());
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS").contains("rules found");

        JsonNode datasource =
                YAML.readTree(COMPOSE_DIR.resolve("grafana-datasource.yml").toFile());
        JsonNode monitoringSource = YAML.readTree(REPOSITORY
                .resolve("monitoring/grafana/provisioning/datasources/prometheus.yml")
                .toFile());
        assertThat(datasource.path("datasources").get(0).path("uid"))
                .isEqualTo(monitoringSource.path("datasources").get(0).path("uid"));
        assertThat(datasource.path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(COMPOSE_DIR.resolve("docker-compose.yml").toFile());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> jobs(JsonNode prometheus) {
        List<String> jobs = new ArrayList<>();
        prometheus
                .path("scrape_configs")
                .forEach(job -> jobs.add(job.path("job_name").asText()));
        return jobs;
    }
}
