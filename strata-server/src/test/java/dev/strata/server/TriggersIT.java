package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static dev.strata.server.TestServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triggers on a real broker, a real PostgreSQL and a real server whose runs start the stand-in engine: a burst of
 * events becomes one run that lists them, a malformed event goes to the dead-letter topic with its reason, a server
 * closed between reading and queueing loses no trigger and repeats none, a dataset.completed event starts the
 * downstream pipeline, and a file starts one run, once.
 */
@ExtendWith(KafkaBroker.class)
class TriggersIT {
    private static final String EVENTS_TOPIC = "it.strata.events";

    @TempDir
    static Path root;

    static TestServer server;
    static KafkaBroker.Server kafka;

    @BeforeAll
    static void start(KafkaBroker.Server broker) throws Exception {
        kafka = broker;
        kafka.createTopic("orders.landed", 3);
        kafka.createTopic("crash.landed", 1);
        kafka.createTopic(EVENTS_TOPIC, 2);
        server = TestServer.start(
                root,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka.bootstrapServers(),
                        "STRATA_EVENTS_TOPIC",
                        EVENTS_TOPIC,
                        "STRATA_TRIGGER_GROUP_ID",
                        "it-triggers-" + UUID.randomUUID(),
                        "STRATA_TRIGGER_POLL",
                        "1s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBurstOfTwentyMatchingEventsStartsOneRunThatListsThemAndAMalformedOneIsDeadLettered() throws Exception {
        register(
                "burst",
                "  - kafka: {topic: orders.landed, filter: {type: com.example.order.*, data.region: eu}}\n"
                        + "    debounce: 4s\n");
        List<String> ids = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            String id = "order-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            values.add(cloudEvent(id, "com.example.order.created", "{\"region\":\"eu\",\"n\":" + i + "}"));
        }
        // One that does not match the filter, one that repeats an id (Kafka's at-least-once), and a malformed one.
        values.add(cloudEvent("order-us", "com.example.order.created", "{\"region\":\"us\"}"));
        values.add(values.get(0));
        values.add("{\"specversion\": \"1.0\", \"type\": \"com.example.order.created\"");
        kafka.produce("orders.landed", values);
        // The twentieth in binary mode: attributes in ce_ headers, the data as the body.
        String binaryId = "order-binary-" + UUID.randomUUID();
        ids.add(binaryId);
        try (KafkaProducer<String, String> producer = producer()) {
            ProducerRecord<String, String> record =
                    new ProducerRecord<>("orders.landed", "k", "{\"region\":\"eu\",\"n\":19}");
            record.headers()
                    .add("ce_specversion", bytes("1.0"))
                    .add("ce_id", bytes(binaryId))
                    .add("ce_source", bytes("/shop"))
                    .add("ce_type", bytes("com.example.order.created"))
                    .add("content-type", bytes("application/json"));
            producer.send(record).get();
        }

        JsonNode run = onlyRun("burst", Duration.ofSeconds(60));
        JsonNode trigger = run.get("trigger");
        assertThat(trigger.get("kind").asText()).isEqualTo("kafka");
        assertThat(trigger.get("source").asText()).isEqualTo("orders.landed");
        List<String> recorded = new ArrayList<>();
        trigger.get("events").forEach(id -> recorded.add(id.asText()));
        assertThat(recorded).hasSize(20).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(run.get("submitted_by").asText()).isEqualTo("trigger:kafka");
        server.awaitRun(run.get("run_id").asText(), status("succeeded"), Duration.ofSeconds(60));

        List<ConsumerRecord<String, String>> dead =
                kafka.read("orders.landed.dlq", 1, Duration.ofSeconds(60), Duration.ofSeconds(1));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(values.get(values.size() - 1));
        assertThat(header(dead.get(0), "strata.dlq.reason")).startsWith("not JSON: ");
        assertThat(header(dead.get(0), "strata.dlq.source")).startsWith("orders.landed/");

        // Nothing more comes of the burst, however long one waits past its window.
        Thread.sleep(6_000);
        assertThat(runs("burst")).hasSize(1);
    }

    @Test
    void aServerClosedBetweenReadingAndQueueingLosesNoTriggerAndRepeatsNone() throws Exception {
        register("crash", "  - kafka: {topic: crash.landed, filter: {type: crash}}\n    debounce: 10s\n");
        register("probe", "  - kafka: {topic: crash.landed, filter: {type: probe}}\n    debounce: 0s\n");
        List<String> values = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add("crash-" + i + "-" + UUID.randomUUID());
            values.add(cloudEvent(ids.get(i), "crash", "{}"));
        }
        values.add(cloudEvent("probe-" + UUID.randomUUID(), "probe", "{}"));
        kafka.produce("crash.landed", values);
        // The probe comes after the five on the one partition: once its run is queued, the five have been read and
        // wait in their 10s window, their offsets not committed.
        onlyRun("probe", Duration.ofSeconds(60));
        assertThat(runs("crash")).isEmpty();
        server.stop();
        assertThat(runs(server, "crash")).as("closed before the window ended").isEmpty();

        server.boot();
        JsonNode run = onlyRun("crash", Duration.ofSeconds(90));
        List<String> recorded = new ArrayList<>();
        run.get("trigger").get("events").forEach(id -> recorded.add(id.asText()));
        assertThat(recorded).containsExactlyElementsOf(ids);
        // The probe was read again after the restart too: its event id was recorded with its run, so no second run.
        Thread.sleep(3_000);
        assertThat(runs("probe")).hasSize(1);
        assertThat(runs("crash")).hasSize(1);
    }

    @Test
    void aDatasetCompletedEventStartsTheDownstreamPipeline() throws Exception {
        register("upstream", "");
        register("downstream", "  - dataset: {pipeline: upstream, name: gold.revenue}\n    debounce: 1s\n");
        String completed = "completed-" + UUID.randomUUID();
        kafka.produce(
                EVENTS_TOPIC,
                List.of(
                        datasetCompleted("other-" + UUID.randomUUID(), "upstream", "silver.orders", "succeeded"),
                        datasetCompleted("failed-" + UUID.randomUUID(), "upstream", "gold.revenue", "failed"),
                        datasetCompleted("nothing-" + UUID.randomUUID(), "upstream", "gold.revenue", "succeeded")
                                .replace("\"table_version\":3", "\"table_version\":null"),
                        datasetCompleted(completed, "upstream", "gold.revenue", "succeeded")));
        JsonNode run = onlyRun("downstream", Duration.ofSeconds(60));
        assertThat(run.get("trigger").get("kind").asText()).isEqualTo("dataset");
        assertThat(run.get("trigger").get("source").asText()).isEqualTo("upstream/gold.revenue");
        assertThat(run.get("trigger").get("events")).hasSize(1);
        assertThat(run.get("trigger").get("events").get(0).asText()).isEqualTo(completed);
        assertThat(run.get("submitted_by").asText()).isEqualTo("trigger:dataset");
    }

    @Test
    void aFileStartsOneRunOnceAndOnlyNewFilesStartAnother() throws Exception {
        // A posted pipeline's relative paths resolve against its own folder under the pipelines directory.
        Path landing = Files.createDirectories(server.pipelines.resolve("files/landing"));
        register("files", "  - files: {path: ./landing, pattern: \"*.csv\"}\n    debounce: 0s\n");
        Files.writeString(landing.resolve("a.csv"), "id\n1\n");
        Files.writeString(landing.resolve("notes.txt"), "not data for this trigger");
        JsonNode first = onlyRun("files", Duration.ofSeconds(60));
        assertThat(first.get("trigger").get("kind").asText()).isEqualTo("files");
        assertThat(first.get("trigger").get("events").get(0).asText()).isEqualTo("file:" + landing.resolve("a.csv"));
        assertThat(first.get("trigger").get("events")).hasSize(1);
        server.awaitRun(first.get("run_id").asText(), status("succeeded"), Duration.ofSeconds(60));

        // Another posted pipeline watching that folder, outside its own: the server does not list it for that one.
        register("snoop", "  - files: {path: \"" + landing + "\", pattern: \"*.csv\"}\n    debounce: 0s\n");

        // Several polls later, the same file has started nothing more; a new one starts one run of its own.
        Thread.sleep(4_000);
        assertThat(runs("files")).hasSize(1);
        assertThat(runs("snoop"))
                .as("a folder outside the pipeline's allowed roots is never watched")
                .isEmpty();
        Files.writeString(landing.resolve("b.csv"), "id\n2\n");
        List<JsonNode> both = awaitRuns("files", r -> r.size() == 2, Duration.ofSeconds(60));
        JsonNode second = server.awaitRun(both.get(0).get("run_id").asText(), r -> true, Duration.ofSeconds(5));
        assertThat(second.get("trigger").get("events")).hasSize(1);
        assertThat(second.get("trigger").get("events").get(0).asText()).isEqualTo("file:" + landing.resolve("b.csv"));
    }

    // ---- helpers ----

    private static void register(String name, String triggers) {
        String yaml = pipelineYaml(name) + (triggers.isEmpty() ? "" : "triggers:\n" + triggers);
        var response = server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, yaml);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    private static List<JsonNode> runs(String pipeline) {
        return runs(null, pipeline);
    }

    /** The pipeline's runs from the API, or from the store while the server is down. */
    private static List<JsonNode> runs(TestServer down, String pipeline) {
        if (down != null) {
            try (var store = dev.strata.store.MetadataStore.open(down.database.settings(TestServer.DB_PASSWORD))) {
                return store.runListing().list(pipeline, null, null, 100, null).stream()
                        .map(r -> (JsonNode) Json.MAPPER.valueToTree(Map.of("run_id", r.id())))
                        .toList();
            }
        }
        List<JsonNode> runs = new ArrayList<>();
        json(server.get("/api/v1/runs?pipeline=" + pipeline, ADMIN_TOKEN))
                .get("runs")
                .forEach(runs::add);
        return runs;
    }

    private static List<JsonNode> awaitRuns(String pipeline, Predicate<List<JsonNode>> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> runs = List.of();
        while (System.nanoTime() < deadline) {
            runs = runs(pipeline);
            if (done.test(runs)) {
                return runs;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("runs of " + pipeline + " did not get there in " + timeout + ": " + runs);
    }

    /** Waits for the pipeline's first run; returns its full record. */
    private static JsonNode onlyRun(String pipeline, Duration timeout) throws InterruptedException {
        List<JsonNode> runs = awaitRuns(pipeline, r -> !r.isEmpty(), timeout);
        assertThat(runs).hasSize(1);
        return json(server.get("/api/v1/runs/" + runs.get(0).get("run_id").asText(), ADMIN_TOKEN));
    }

    private static String cloudEvent(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/shop\",\"type\":\"" + type
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    /** A dev.strata.dataset.completed event, shaped as the events part publishes it (docs/events.md). */
    private static String datasetCompleted(String id, String pipeline, String dataset, String status) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"strata://pipelines/" + pipeline
                + "\",\"type\":\"dev.strata.dataset.completed\",\"subject\":\"" + pipeline + "/" + dataset
                + "\",\"time\":\"2026-12-06T20:00:00Z\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"run_id\":\"run_x\",\"pipeline\":\"" + pipeline + "\",\"dataset\":\"" + dataset
                + "\",\"status\":\"" + status + "\",\"rows_in\":10,\"rows_written\":8,\"rows_quarantined\":1,"
                + "\"rows_dropped\":1,\"table_version\":3}}";
    }

    private static KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
