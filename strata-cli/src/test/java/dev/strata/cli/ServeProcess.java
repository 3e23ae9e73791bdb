package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.store.ScratchDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code bin/strata serve} as a user starts it, on a scratch database of the machine's PostgreSQL, with its pipelines
 * under {@code pipelines}, and an HTTP client for it that calls as the admin.
 */
final class ServeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String adminToken;
    final ScratchDatabase database;
    final Path pipelines;
    final StringBuffer output = new StringBuffer();
    private final Process process;
    private final int port;

    private ServeProcess(String adminToken, ScratchDatabase database, Path pipelines, Process process, int port) {
        this.adminToken = adminToken;
        this.database = database;
        this.pipelines = pipelines;
        this.process = process;
        this.port = port;
    }

    static ServeProcess start(Path work) throws Exception {
        return start(work, java.util.Map.of());
    }

    /** {@code strata serve} with {@code environment} added to what {@link #start(Path)} sets. */
    static ServeProcess start(Path work, java.util.Map<String, String> environment) throws Exception {
        ScratchDatabase database = ScratchDatabase.create();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path pipelines = work.resolve("pipelines");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        Path.of("..", "bin", "strata").toString(),
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port))
                .redirectErrorStream(true);
        String token = "serve-admin-" + UUID.randomUUID();
        builder.environment().put("STRATA_DB_URL", ScratchDatabase.server() + database.name());
        builder.environment().put("STRATA_DB_USER", "postgres");
        builder.environment().put("STRATA_PIPELINES_DIR", pipelines.toString());
        builder.environment().put("STRATA_HOME", work.resolve("home").toString());
        builder.environment().put("STRATA_ADMIN_TOKEN", token);
        builder.environment().put("STRATA_DRIVER_MEMORY", "2g");
        builder.environment().putAll(environment);
        ServeProcess started = new ServeProcess(token, database, pipelines, builder.start(), port);
        started.awaitListening();
        return started;
    }

    private void awaitListening() throws Exception {
        awaitListening(process, port, output, Duration.ofSeconds(60));
    }

    /**
     * Copies {@code server}'s output into {@code output} on a daemon thread, and returns once it says it listens on
     * {@code port}; throws, with the output, when it exits first or takes longer than {@code timeout}.
     */
    static void awaitListening(Process server, int port, StringBuffer output, Duration timeout) throws Exception {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.contains("listening on http://127.0.0.1:" + port)) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("strata serve exited:\n" + output));
        });
        reader.setDaemon(true);
        reader.start();
        listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    HttpResponse<String> call(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + adminToken)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The server's address with {@code path}, as a browser opens it. */
    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A new API key of {@code role} on every pipeline, made by the admin. */
    String key(String role) throws Exception {
        HttpResponse<String> created = call(
                "POST",
                "/api/v1/api-keys",
                "application/json",
                "{\"name\": \"" + role + "\", \"role\": \"" + role + "\"}");
        if (created.statusCode() != 201) {
            throw new AssertionError("cannot create a " + role + " key: " + created.body());
        }
        return json(created).get("key").asText();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Polls the run until {@code done} holds of it; fails after five minutes with its log and the server's. */
    JsonNode await(String id, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = json(call("GET", "/api/v1/runs/" + id, null, null));
            if (done.test(run)) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + id + " stuck at " + run + "\nlog:\n" + logs(id) + "\nserver:\n" + output);
    }

    String logs(String id) throws Exception {
        return call("GET", "/api/v1/runs/" + id + "/logs", null, null).body();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        database.close();
    }
}
