package dev.strata.engine.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.strata.core.config.LineageConfig;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunOrigin;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenLineage events of real runs: the retail example sends to a real HTTP server on this machine (the JDK's), a small
 * pipeline writes them to a file, and a lineage server that refuses or never answers does not fail the run. Every
 * event is checked against OpenLineage's official JSON Schemas.
 */
class LineageIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");
    private static final String API_KEY = "lineage-key-7f3a9c";
    private static final Instant LOGICAL_TIME = Instant.parse("2026-11-05T06:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenLineageSchemas SCHEMAS = new OpenLineageSchemas();

    @TempDir
    static Path work;

    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SharedSpark.session();
    }

    /** What the receiver got: each request's body and its Authorization header. */
    private record Received(JsonNode event, String authorization) {}

    @Test
    void theRetailRunSendsValidEventsWithItsDatasetsAndCountsToAnHttpServer() throws IOException {
        Path dir = copyRetail(work.resolve("retail"));
        Pipeline pipeline = PipelineLoader.load(dir.resolve("pipeline.yaml"));
        List<Received> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/lineage", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new Received(
                        JSON.readTree(body.readAllBytes()),
                        exchange.getRequestHeaders().getFirst("Authorization")));
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        RunResult run;
        List<String> notices = new ArrayList<>();
        try {
            LineageSettings settings = LineageSettings.from(Map.of(
                    LineageConfig.URL.name(),
                    "http://127.0.0.1:" + server.getAddress().getPort(),
                    LineageConfig.API_KEY.name(),
                    API_KEY));
            run = new PipelineRunner(spark, pipeline, listener(notices))
                    .withLineage(settings)
                    .withOrigin(new RunOrigin(Map.of(), LOGICAL_TIME, null))
                    .run("lineage-1", null, 0);
        } finally {
            server.stop(0);
        }

        assertThat(run.status()).as(run.datasets().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(notices).as("every event was delivered").isEmpty();
        assertThat(received)
                .as("START and COMPLETE for the pipeline and each of its 6 datasets")
                .hasSize(14);
        assertThat(received).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + API_KEY));
        List<JsonNode> events = received.stream().map(Received::event).toList();
        assertThat(events)
                .allSatisfy(
                        e -> assertThat(SCHEMAS.problems(e)).as(e.toString()).isEmpty());

        String root = "file://" + dir.resolve("lakehouse").toAbsolutePath().normalize();
        JsonNode start = events.get(0);
        assertThat(start.path("eventType").asText()).isEqualTo("START");
        assertThat(start.at("/job/name").asText()).isEqualTo("retail");
        assertThat(start.at("/job/namespace").asText()).isEqualTo("strata");
        assertThat(start.at("/run/facets/nominalTime/nominalStartTime").asText())
                .startsWith("2026-11-05T06:00");
        JsonNode end = events.get(events.size() - 1);
        assertThat(end.path("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(end.at("/run/runId").asText())
                .isEqualTo(start.at("/run/runId").asText());
        assertThat(names(end.path("outputs")))
                .containsExactly(
                        root + " bronze.orders",
                        root + " bronze.customers",
                        root + " silver.orders",
                        root + " silver.customers",
                        root + " gold.daily_revenue",
                        root + " gold.revenue_by_tier");
        assertThat(names(end.path("inputs")))
                .containsExactly(
                        "file " + dir.resolve("data/orders").toAbsolutePath().normalize(),
                        "file " + dir.resolve("data/customers").toAbsolutePath().normalize());

        for (DatasetResult result : run.datasets()) {
            String job = "retail." + result.dataset();
            List<JsonNode> jobEvents = events.stream()
                    .filter(e -> e.at("/job/name").asText().equals(job))
                    .toList();
            assertThat(jobEvents).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
            JsonNode complete = jobEvents.get(1);
            assertThat(complete.at("/run/runId").asText())
                    .isEqualTo(jobEvents.get(0).at("/run/runId").asText());
            assertThat(complete.at("/run/facets/parent/run/runId").asText())
                    .isEqualTo(start.at("/run/runId").asText());
            assertThat(complete.at("/run/facets/parent/job/name").asText()).isEqualTo("retail");
            JsonNode output = complete.path("outputs").get(0);
            assertThat(output.path("namespace").asText()).isEqualTo(root);
            assertThat(output.path("name").asText()).isEqualTo(result.dataset());
            assertThat(output.at("/outputFacets/outputStatistics/rowCount").asLong())
                    .as(job + " rows written")
                    .isEqualTo(result.rowsWritten());
            assertThat(output.at("/facets/schema/fields")).as(job + " schema").isNotEmpty();
            JsonNode judged = judgedInput(complete);
            assertThat(judged.at("/inputFacets/dataQualityMetrics/rowCount").asLong())
                    .as(job + " rows in")
                    .isEqualTo(result.rowsIn());
            assertThat(judged.at("/inputFacets/dataQualityAssertions/assertions"))
                    .as(job + " rules")
                    .hasSize(result.rules().size());
        }

        JsonNode bronzeOrders = complete(events, "bronze.orders");
        assertThat(names(bronzeOrders.path("inputs")))
                .containsExactly(
                        "file " + dir.resolve("data/orders").toAbsolutePath().normalize());
        assertThat(judgedInput(bronzeOrders)
                        .at("/inputFacets/dataQualityMetrics/rowCount")
                        .asLong())
                .isEqualTo(200);
        assertThat(names(bronzeOrders.path("outputs")))
                .as("5 malformed rows went to the quarantine table")
                .containsExactly(root + " bronze.orders", root + " bronze.orders__quarantine");
        assertThat(bronzeOrders
                        .at("/outputs/0/outputFacets/outputStatistics/rowCount")
                        .asLong())
                .isEqualTo(195);
        assertThat(bronzeOrders
                        .at("/outputs/1/outputFacets/outputStatistics/rowCount")
                        .asLong())
                .isEqualTo(5);
        assertThat(inputFields(bronzeOrders, "amount"))
                .containsExactly(
                        "file " + dir.resolve("data/orders").toAbsolutePath().normalize() + " amount IDENTITY");
        assertThat(fieldNames(bronzeOrders.at("/outputs/0/facets/schema/fields")))
                .contains("order_id", "amount", "ordered_at", "_run_id");

        JsonNode silverOrders = complete(events, "silver.orders");
        assertThat(names(silverOrders.path("inputs"))).containsExactly(root + " bronze.orders");
        assertThat(assertions(silverOrders))
                .contains(
                        "not_null order_id false",
                        "regex email false",
                        "between amount false",
                        "completeness customer_id true");
        assertThat(judgedInput(silverOrders)
                        .at("/inputFacets/dataQualityMetrics/columnMetrics/order_id/nullCount")
                        .asLong())
                .as("null keys were quarantined, so none was written")
                .isZero();
        assertThat(inputFields(silverOrders, "order_date"))
                .containsExactly(root + " bronze.orders ordered_at TRANSFORMATION");
        assertThat(inputFields(silverOrders, "email")).containsExactly(root + " bronze.orders email IDENTITY");

        JsonNode daily = complete(events, "gold.daily_revenue");
        assertThat(daily.at("/job/facets/sql/query").asText()).startsWith("SELECT o.order_date, o.currency");
        assertThat(names(daily.path("inputs"))).containsExactly(root + " silver.orders");
        assertThat(inputFields(daily, "revenue")).containsExactly(root + " silver.orders amount AGGREGATION");
        assertThat(inputFields(daily, "order_date")).containsExactly(root + " silver.orders order_date IDENTITY");
        assertThat(inputFields(daily, "orders")).as("count(*) reads no column").isEmpty();

        JsonNode byTier = complete(events, "gold.revenue_by_tier");
        assertThat(names(byTier.path("inputs")))
                .containsExactlyInAnyOrder(root + " silver.orders", root + " silver.customers");
        assertThat(inputFields(byTier, "tier")).containsExactly(root + " silver.customers tier TRANSFORMATION");
        assertThat(inputFields(byTier, "revenue")).containsExactly(root + " silver.orders amount AGGREGATION");
    }

    @Test
    void theFileTransportAppendsOneValidEventPerLineAndAFailedDatasetFailsItsJobAndThePipelines() throws IOException {
        Path dir = smallPipeline(work.resolve("file"));
        // A second dataset whose rule fails it: its job and the pipeline's end in FAIL, with the reason.
        Files.writeString(
                dir.resolve("pipeline.yaml"),
                Files.readString(dir.resolve("pipeline.yaml"))
                        + "  silver.people: {from: bronze.people, expect: [{rule: row_count, min: 10, on_fail: fail}]}\n");
        Path events = dir.resolve("lineage").resolve("events.jsonl");
        Files.createDirectories(events.getParent());
        RunResult run = new PipelineRunner(spark, PipelineLoader.load(dir.resolve("pipeline.yaml")), RunListener.NONE)
                .withLineage(LineageSettings.from(
                        Map.of(LineageConfig.TRANSPORT.name(), "file", LineageConfig.FILE.name(), events.toString())))
                .run("file-1", null, 0);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(6);
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(JSON.readTree(line));
        }
        assertThat(parsed)
                .allSatisfy(
                        e -> assertThat(SCHEMAS.problems(e)).as(e.toString()).isEmpty());
        assertThat(parsed)
                .extracting(e ->
                        e.path("eventType").asText() + " " + e.at("/job/name").asText())
                .containsExactly(
                        "START tiny",
                        "START tiny.bronze.people",
                        "COMPLETE tiny.bronze.people",
                        "START tiny.silver.people",
                        "FAIL tiny.silver.people",
                        "FAIL tiny");
        JsonNode failed = parsed.get(4);
        assertThat(failed.at("/run/facets/errorMessage/message").asText())
                .isEqualTo(run.datasets().get(1).message())
                .contains("row_count");
        assertThat(failed.at("/inputs/0/inputFacets/dataQualityAssertions/assertions/0/success")
                        .asBoolean())
                .as("the rule that failed the dataset")
                .isFalse();
        assertThat(failed.at("/inputs/0/inputFacets/dataQualityMetrics/rowCount")
                        .asLong())
                .isEqualTo(3);
        assertThat(failed.at("/outputs/0/name").asText()).isEqualTo("silver.people");
        assertThat(failed.at("/outputs/0/facets").isMissingNode())
                .as("nothing was written")
                .isTrue();
        assertThat(parsed.get(5).at("/run/facets/errorMessage/message").asText())
                .isEqualTo("run file-1 failed: silver.people failed");
        assertThat(parsed.get(2)
                        .at("/outputs/0/outputFacets/outputStatistics/rowCount")
                        .asLong())
                .isEqualTo(3);
        assertThat(parsed.get(2)
                        .at("/inputs/0/inputFacets/dataQualityMetrics/rowCount")
                        .asLong())
                .isEqualTo(3);
        assertThat(parsed.get(0).at("/run/facets/nominalTime").isMissingNode())
                .as("no logical time, no nominal time")
                .isTrue();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLineageServerThatIsDownOrNeverAnswersDoesNotFailTheRun() throws IOException {
        Path dir = smallPipeline(work.resolve("down"));
        Pipeline pipeline = PipelineLoader.load(dir.resolve("pipeline.yaml"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> refused = new ArrayList<>();
        RunResult down = new PipelineRunner(spark, pipeline, listener(refused))
                .withLineage(LineageSettings.from(Map.of(
                        LineageConfig.URL.name(),
                        "http://127.0.0.1:" + closedPort,
                        LineageConfig.API_KEY.name(),
                        API_KEY)))
                .run("down-1", null, 0);
        assertThat(down.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(down.datasets().get(0).rowsWritten()).isEqualTo(3);
        assertThat(refused)
                .singleElement()
                .asString()
                .startsWith("lineage: 4 of 4 OpenLineage events were not sent to http://127.0.0.1:" + closedPort
                        + "/api/v1/lineage (")
                .endsWith("; the run itself is not affected")
                .doesNotContain(API_KEY);

        // A server that accepts connections and never answers: each event gives up after the 1s timeout, and the run's
        // end waits at most that long for the rest.
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<String> unanswered = new ArrayList<>();
            RunResult slow = new PipelineRunner(spark, pipeline, listener(unanswered))
                    .withLineage(LineageSettings.from(Map.of(
                            LineageConfig.URL.name(),
                            "http://127.0.0.1:" + silent.getLocalPort(),
                            LineageConfig.TIMEOUT.name(),
                            "1s")))
                    .run("slow-1", null, 0);
            assertThat(slow.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(slow.datasets().get(0).message()).contains("no new input");
            assertThat(unanswered).singleElement().asString().contains("OpenLineage events were not sent to");
            assertThat(held).as("the run did try to send").isNotEmpty();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static RunListener listener(List<String> notices) {
        return new RunListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        };
    }

    private static JsonNode complete(List<JsonNode> events, String dataset) {
        return events.stream()
                .filter(e -> e.at("/job/name").asText().equals("retail." + dataset))
                .filter(e -> e.path("eventType").asText().equals("COMPLETE"))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode judgedInput(JsonNode event) {
        for (JsonNode input : event.path("inputs")) {
            if (input.has("inputFacets")) {
                return input;
            }
        }
        throw new AssertionError("no input carries the batch's quality: " + event);
    }

    private static List<String> names(JsonNode datasets) {
        List<String> names = new ArrayList<>();
        datasets.forEach(d ->
                names.add(d.path("namespace").asText() + " " + d.path("name").asText()));
        return names;
    }

    private static List<String> fieldNames(JsonNode fields) {
        List<String> names = new ArrayList<>();
        fields.forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    private static List<String> assertions(JsonNode event) {
        List<String> assertions = new ArrayList<>();
        judgedInput(event)
                .at("/inputFacets/dataQualityAssertions/assertions")
                .forEach(a -> assertions.add(a.path("assertion").asText() + " "
                        + a.path("column").asText() + " " + a.path("success").asBoolean()));
        return assertions;
    }

    /** The input columns of one output column: "namespace name field SUBTYPE". */
    private static List<String> inputFields(JsonNode event, String column) {
        List<String> fields = new ArrayList<>();
        event.at("/outputs/0/facets/columnLineage/fields/" + column + "/inputFields")
                .forEach(f -> fields.add(f.path("namespace").asText() + " "
                        + f.path("name").asText() + " " + f.path("field").asText() + " "
                        + f.at("/transformations/0/subtype").asText()));
        return fields;
    }

    private static Path copyRetail(Path dir) throws IOException {
        copyTree(EXAMPLE.resolve("data"), dir.resolve("data"));
        Files.copy(EXAMPLE.resolve("pipeline.yaml"), dir.resolve("pipeline.yaml"));
        return dir;
    }

    /** One CSV source of 3 rows into one table. */
    private static Path smallPipeline(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/people.csv"), "id,name\n1,ada\n2,grace\n3,edsger\n");
        Files.writeString(dir.resolve("pipeline.yaml"), """
                name: tiny
                storage: {root: ./lake, format: delta}
                sources:
                  people: {format: csv, path: data/, options: {header: "true"}, schema: "id INT, name STRING"}
                datasets:
                  bronze.people: {from: people, write: {mode: append}}
                """);
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
