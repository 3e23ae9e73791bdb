package dev.strata.server;

import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.store.MetadataStore;
import dev.strata.store.StoreSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with nothing configured: an embedded PostgreSQL under its home, and runs that reach that same store over
 * its port (the data directory is the server's alone).
 */
class EmbeddedServerIT {
    private static final String TOKEN = "embedded-admin-token";

    @TempDir
    Path root;

    @Test
    void runsReachTheServersEmbeddedStore() throws Exception {
        Files.createDirectories(root.resolve("pipelines"));
        Map<String, String> env = Map.of(
                "PATH", System.getenv("PATH"),
                "STRATA_HOME", root.resolve("home").toString(),
                "STRATA_PIPELINES_DIR", root.resolve("pipelines").toString(),
                "STRATA_ADMIN_TOKEN", TOKEN,
                "STRATA_RUN_COMMAND",
                        "bash "
                                + Path.of(getClass()
                                        .getResource("/engine-standin.sh")
                                        .toURI()));
        ServerSettings settings = ServerSettings.fromEnvironment(env, Path.of("."));
        try (MetadataStore store = MetadataStore.open(StoreSettings.fromEnvironment(env));
                StrataServer server = new StrataServer(settings, store, Clock.systemUTC(), env)) {
            assertThat(store.describe()).startsWith("embedded PostgreSQL in " + root.resolve("home/postgres"));
            int port = server.start("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> registered = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/pipelines"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/yaml")
                            .POST(HttpRequest.BodyPublishers.ofString(pipelineYaml("embedded")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            HttpResponse<String> queued = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/pipelines/embedded/runs"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String runId = json(queued).get("run_id").asText();

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonNode run = null;
            while (System.nanoTime() < deadline) {
                run = json(http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs/" + runId))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
                if (run.get("status").asText().equals("succeeded")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(run.get("status").asText()).isEqualTo("succeeded");

            String log = Files.readString(
                    settings.dataDirectory().resolve("runs").resolve(runId).resolve("run.log"));
            Matcher url =
                    Pattern.compile("STRATA_DB_URL=(jdbc:postgresql://\\S+)").matcher(log);
            assertThat(url.find()).as(log).isTrue();
            assertThat(url.group(1))
                    .as("the engine's STRATA_DB_URL is the server's own store")
                    .isEqualTo(store.connection().url());
            assertThat(log).contains("STRATA_DB_USER=strata_run");
            assertThatThrownBy(() -> Jdbi.create(url.group(1), "postgres", "").useHandle(h -> h.execute("SELECT 1")))
                    .as("no passwordless superuser any more")
                    .hasMessageContaining("SCRAM");
            try (MetadataStore asRun = MetadataStore.open(store.connection())) {
                asRun.metrics()
                        .record(new DatasetMetrics(
                                "embedded", "bronze.orders", runId, Instant.now(), List.of(), List.of()));
            }
            assertThat(store.metrics().latestRun("embedded"))
                    .as("what the run role records, the server reads")
                    .contains(runId);
        }
    }
}
