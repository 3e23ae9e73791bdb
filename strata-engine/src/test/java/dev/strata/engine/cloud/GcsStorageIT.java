package dev.strata.engine.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gs://} without an emulator (none can be had here): the shaded gcs-connector is what Hadoop resolves for the
 * scheme, and a run on a {@code gs://} root goes through it to the JSON API, with service-account credentials from a
 * key file. The API and the token endpoint are a local stub that records each request, answers "no such object" to
 * reads and refuses writes; nothing leaves the machine.
 */
class GcsStorageIT {
    private static final String BUCKET = "strata-gcs-it";
    private static final String TOKEN = "canary-gcs-token-" + UUID.randomUUID();
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    private static HttpServer stub;
    private static String privateKey;
    private static final SparkSession spark = SharedSpark.session();

    @BeforeAll
    static void startStubAndConfigure() throws Exception {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", GcsStorageIT::answer);
        stub.start();
        String endpoint = "http://127.0.0.1:" + stub.getAddress().getPort();

        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        privateKey = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path keyFile = dir.resolve("service-account.json");
        Files.writeString(
                keyFile,
                json(
                        "type", "service_account",
                        "project_id", "strata-test",
                        "private_key_id", "k1",
                        "private_key", privateKey,
                        "client_email", "strata@strata-test.iam.gserviceaccount.com",
                        "client_id", "1",
                        "token_uri", endpoint + "/token"),
                StandardCharsets.UTF_8);

        // What a user sets for a key file (GOOGLE_APPLICATION_CREDENTIALS is read the same way when this is unset),
        // plus the two endpoint overrides that keep every request on this machine.
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        conf.set("fs.gs.auth.service.account.json.keyfile", keyFile.toString());
        conf.set("fs.gs.token.server.url", endpoint + "/token");
        conf.set("fs.gs.storage.root.url", endpoint + "/");
        conf.set("fs.gs.http.max.retry", "1");
    }

    @AfterAll
    static void stopStub() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    private static String json(Object... keysAndValues) throws IOException {
        java.util.Map<Object, Object> object = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(object);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        REQUESTS.add(request + (auth == null ? "" : " [" + auth + "]"));
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        if (path.equals("/token")) {
            status = 200;
            body = json("access_token", TOKEN, "token_type", "Bearer", "expires_in", 3600);
        } else if (exchange.getRequestMethod().equals("GET") && path.endsWith("/o")) {
            status = 200;
            body = json("kind", "storage#objects");
        } else if (exchange.getRequestMethod().equals("GET")) {
            status = 404;
            body = json("error", java.util.Map.of("code", 404, "message", "No such object"));
        } else {
            status = 403;
            body = json("error", java.util.Map.of("code", 403, "message", "The stub refuses writes"));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void theGsSchemeResolvesToTheShadedGcsConnector() throws Exception {
        assertThat(FileSystem.getFileSystemClass("gs", new Configuration()).getName())
                .isEqualTo("com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem");
        assertThat(Class.forName("com.google.cloud.hadoop.repackaged.gcs.com.google.common.collect.ImmutableList"))
                .as("its Guava is relocated, so Spark's stays")
                .isNotNull();
    }

    @Test
    void aGsRootIsKeptAsWrittenAndRunsThroughTheConnector() throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: gcs\n"
                        + "storage: {root: \"gs://" + BUCKET + "/lake\", format: delta}\n"
                        + "sources: {raw: {format: csv, path: \"gs://" + BUCKET + "/landing/\", schema: \"id INT\"}}\n"
                        + "datasets: {bronze.t: {from: raw}}\n",
                StandardCharsets.UTF_8);
        Pipeline pipeline = PipelineLoader.load(file);
        assertThat(pipeline.spec().storage().root()).isEqualTo("gs://" + BUCKET + "/lake");

        Throwable thrown =
                catchThrowable(() -> new PipelineRunner(spark, pipeline, RunListener.NONE).run("gcs-1", null, 0));

        assertThat(thrown)
                .as("the source is missing, so bronze.t fails; then the stub refuses the run record")
                .hasMessage("Cannot write the run ledger at gs://" + BUCKET + "/lake/_strata/runs/gcs-1.json");
        assertThat(REQUESTS)
                .as("requests: %s", REQUESTS)
                .anyMatch(r -> r.startsWith("POST /token"))
                .anyMatch(r -> r.startsWith("GET /storage/v1/b/" + BUCKET + "/o")
                        && r.contains("lake%2F_strata%2Fledger%2Fbronze.t")
                        && r.endsWith("[Bearer " + TOKEN + "]"))
                .anyMatch(r -> r.startsWith("GET /storage/v1/b/" + BUCKET + "/o") && r.contains("landing"));
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .doesNotContain(TOKEN)
                .doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());
    }
}
