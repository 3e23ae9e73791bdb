package dev.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the image would run, without Docker (none here): the files deploy/docker/Dockerfile copies, laid out as it lays
 * them under /opt/strata in a fresh folder, then {@code strata serve} from there answers {@code /health} and
 * {@code /ready} on a real PostgreSQL, and {@code strata validate} (the engine's class path) accepts the example.
 */
class ImageLayoutIT {
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @Test
    void serveAndValidateRunFromTheImagesLayout() throws Exception {
        Path install = layOut(root.resolve("opt/strata"));
        Path home = Files.createDirectories(root.resolve("var/lib/strata"));
        Path pipelines = Files.createDirectories(root.resolve("etc/strata/pipelines"));
        Files.copy(REPOSITORY.resolve("examples/retail/pipeline.yaml"), pipelines.resolve("pipeline.yaml"));

        try (ScratchDatabase database = ScratchDatabase.create()) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            ProcessBuilder serve = container(install, home, "serve", "--host", "127.0.0.1", "--port", "" + port);
            serve.environment().put("STRATA_DB_URL", ScratchDatabase.server() + database.name());
            serve.environment().put("STRATA_DB_USER", "postgres");
            serve.environment().put("STRATA_PIPELINES_DIR", pipelines.toString());
            Process server = serve.start();
            StringBuffer output = new StringBuffer();
            try {
                awaitLine(server, output, "listening on http://127.0.0.1:" + port);
                HttpResponse<String> health = get(port, "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                HttpResponse<String> ready = get(port, "/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(output.toString()).contains("pipelines under " + pipelines);
            } finally {
                server.destroy();
                assertThat(server.waitFor(30, TimeUnit.SECONDS))
                        .as("serve stops on SIGTERM")
                        .isTrue();
            }
        }

        Process validate = container(
                        install,
                        home,
                        "validate",
                        pipelines.resolve("pipeline.yaml").toString())
                .start();
        String said = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(said).isZero();
    }

    /**
     * The Dockerfile's COPYs into {@code install}: the launcher and its argument file copied (bin/strata resolves its
     * install folder from its own real path), the jars and library folders linked to the build's, which is the same
     * content without copying 650 MB.
     */
    static Path layOut(Path install) throws IOException {
        List<String> copied = DockerfileTest.copiedIntoInstall();
        assertThat(copied).contains("bin/strata", "strata-cli/target/lib", "strata-server/target/lib");
        for (String path : copied) {
            Path source = REPOSITORY.resolve(path);
            Path target = install.resolve(path);
            Files.createDirectories(target.getParent());
            if (path.startsWith("bin/")) {
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            } else {
                assertThat(source).as("built by mvn package").exists();
                Files.createSymbolicLink(target, source);
            }
        }
        return install;
    }

    /** {@code strata ARGS} as the container runs it: PATH, HOME and STRATA_HOME as the Dockerfile sets them. */
    static ProcessBuilder container(Path install, Path home, String... args) {
        ProcessBuilder builder = new ProcessBuilder();
        // The container finds strata on its PATH; a ProcessBuilder looks in this JVM's PATH, so name it in full.
        builder.command().add(install.resolve("bin/strata").toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("PATH", install.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("STRATA_HOME", home.toString());
        builder.environment().remove("STRATA_DB_URL");
        return builder.directory(home.toFile()).redirectErrorStream(true);
    }

    static void awaitLine(Process process, StringBuffer output, String wanted) throws Exception {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.contains(wanted)) {
                        seen.complete(null);
                    }
                }
            } catch (IOException e) {
                seen.completeExceptionally(e);
            }
            seen.completeExceptionally(new IllegalStateException("strata serve exited:\n" + output));
        });
        reader.setDaemon(true);
        reader.start();
        seen.get(120, TimeUnit.SECONDS);
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
