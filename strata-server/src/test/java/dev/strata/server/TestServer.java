package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.store.MetadataStore;
import dev.strata.store.ScratchDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A server on a scratch database of the machine's PostgreSQL, on a free port, whose runs start the stand-in engine
 * ({@code engine-standin.sh}), and an HTTP client for it.
 */
final class TestServer implements AutoCloseable {
    /** Canaries: values that must never appear in a response, a run's log or a stored version. */
    static final String ADMIN_TOKEN = "admin-canary-7f3c9e1d2b4a";

    static final String DB_PASSWORD = "db-canary-5e8a1f0c3d";

    final ScratchDatabase database;
    final Path root;
    final Path pipelines;
    final Map<String, String> environment;
    private final boolean ownsDatabase;
    MetadataStore store;
    StrataServer server;
    int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(ScratchDatabase database, Path root, Map<String, String> environment) {
        this(database, root, environment, true);
    }

    private TestServer(ScratchDatabase database, Path root, Map<String, String> environment, boolean ownsDatabase) {
        this.ownsDatabase = ownsDatabase;
        this.database = database;
        this.root = root;
        this.pipelines = root.resolve("pipelines");
        this.environment = environment;
    }

    static TestServer start(Path root, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("STRATA_HOME", root.resolve("home").toString());
        env.put("STRATA_PIPELINES_DIR", root.resolve("pipelines").toString());
        env.put("STRATA_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("STRATA_RUN_COMMAND", "bash " + standIn());
        env.put("STRATA_MAX_CONCURRENT_RUNS", "2");
        env.put("STRATA_RUN_RETRY_BACKOFF", "1s");
        env.putAll(extra);
        Files.createDirectories(root.resolve("pipelines"));
        TestServer test = new TestServer(ScratchDatabase.create(), root, env);
        test.boot();
        return test;
    }

    /** A second server on this one's database, with the same settings: two servers sharing one store. */
    TestServer alongside() {
        TestServer other = new TestServer(database, root, environment, false);
        other.boot();
        return other;
    }

    /** Starts a server (again) on the same database. */
    void boot() {
        store = MetadataStore.open(database.settings(DB_PASSWORD));
        server = new StrataServer(
                ServerSettings.fromEnvironment(environment, Path.of(".")), store, Clock.systemUTC(), environment);
        port = server.start("127.0.0.1", 0);
    }

    /** Stops the server, keeping the database. */
    void stop() {
        server.close();
        store.close();
    }

    @Override
    public void close() {
        stop();
        if (ownsDatabase) {
            database.close();
        }
    }

    private static Path standIn() {
        try {
            return Path.of(TestServer.class.getResource("/engine-standin.sh").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> call(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        return call("GET", path, token, null, null);
    }

    HttpResponse<String> postJson(String path, String token, String json) {
        return call("POST", path, token, "application/json", json);
    }

    HttpResponse<String> postYaml(String path, String token, String yaml) {
        return call("POST", path, token, "application/yaml", yaml);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A new API key of {@code role}, scoped to {@code pipelines} when any are named. */
    String key(String role, String... pipelines) {
        String list = pipelines.length == 0 ? "" : ", \"pipelines\": " + Json.write(pipelines);
        HttpResponse<String> created = postJson(
                "/api/v1/api-keys",
                ADMIN_TOKEN,
                "{\"name\": \"" + role + "-key\", \"role\": \"" + role + "\"" + list + "}");
        if (created.statusCode() != 201) {
            throw new AssertionError("cannot create a key: " + created.body());
        }
        return json(created).get("key").asText();
    }

    /** Polls the run until {@code done} holds of it, or fails after {@code timeout}. */
    JsonNode awaitRun(String runId, Predicate<JsonNode> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = json(get("/api/v1/runs/" + runId, ADMIN_TOKEN));
            if (done.test(run)) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not get there in " + timeout + "; last seen: " + run);
    }

    static Predicate<JsonNode> status(String status) {
        return run -> status.equals(run.path("status").asText());
    }

    /**
     * A valid pipeline named {@code name}, reading a CSV folder that need not exist yet. It declares the parameters the
     * stand-in engine obeys.
     */
    static String pipelineYaml(String name) {
        return "name: " + name + "\n"
                + "parameters:\n"
                + "  STANDIN_SLEEP: {type: int, default: 0}\n"
                + "  STANDIN_EXIT: {type: int, default: 0}\n"
                + "  STANDIN_SUMMARY: {type: string, default: \"yes\", allowed: [\"yes\", \"no\"]}\n"
                + "  STANDIN_TRACE: {type: string, default: none}\n"
                + "  STANDIN_MORE: {type: string, default: \"no\", allowed: [\"yes\", \"no\"]}\n"
                + "storage: {root: ./lake, format: delta}\n"
                + "sources:\n"
                + "  raw: {format: csv, path: ./data/" + name + "}\n"
                + "datasets:\n"
                + "  bronze." + name + ":\n"
                + "    from: raw\n";
    }
}
