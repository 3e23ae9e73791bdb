package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static dev.strata.server.TestServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.testing.EventSchemas;
import dev.strata.core.testing.KafkaBroker;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle events end to end: runs of the stand-in engine on a server with the machine's PostgreSQL, whose relay
 * publishes the outbox to a real Kafka broker; the events are consumed from the topic and checked against
 * docs/events/. Then the broker is stopped while runs finish, and started again.
 */
@ExtendWith(KafkaBroker.class)
class LifecycleEventsIT {
    /** A SASL secret passed through to the producer: it must appear in no event. */
    private static final String JAAS_CANARY = "jaas-canary-4d2e9b7c1a";

    @TempDir
    Path root;

    @Test
    void everyEventArrivesOnceInPipelineOrderAndValidatesAcrossABrokerOutage(KafkaBroker.Server kafka)
            throws Exception {
        String topic = "strata.events.it-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopic(topic, 3);
        try (TestServer server = TestServer.start(
                root,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka.bootstrapServers(),
                        "STRATA_EVENTS_TOPIC",
                        topic,
                        "STRATA_EVENTS_PRODUCER_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
                                + " password=\"" + JAAS_CANARY + "\";",
                        // Short timeouts, so that an outage of seconds makes the relay fail and back off.
                        "STRATA_EVENTS_PRODUCER_DELIVERY_TIMEOUT_MS",
                        "3000",
                        "STRATA_EVENTS_PRODUCER_REQUEST_TIMEOUT_MS",
                        "2000",
                        "STRATA_EVENTS_PRODUCER_MAX_BLOCK_MS",
                        "2000"))) {
            for (String pipeline : List.of("orders", "billing")) {
                HttpResponse<String> registered =
                        server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml(pipeline));
                assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            }

            // Every type: a run with a schema change, a warned rule and an anomaly; a failed one; two cancelled ones.
            String succeeded = run(server, "orders", "{\"STANDIN_MORE\": \"yes\"}");
            server.awaitRun(succeeded, status("succeeded"), Duration.ofSeconds(30));
            String failed = run(server, "billing", "{\"STANDIN_EXIT\": \"1\"}");
            server.awaitRun(failed, status("failed"), Duration.ofSeconds(30));
            String running = run(server, "orders", "{\"STANDIN_SLEEP\": \"60\"}");
            server.awaitRun(running, status("running"), Duration.ofSeconds(30));
            String waiting = run(server, "orders", "{}");
            assertThat(server.postJson("/api/v1/runs/" + waiting + "/cancel", ADMIN_TOKEN, "{}")
                            .statusCode())
                    .isEqualTo(202);
            assertThat(server.postJson("/api/v1/runs/" + running + "/cancel", ADMIN_TOKEN, "{}")
                            .statusCode())
                    .isEqualTo(202);
            server.awaitRun(running, status("cancelled"), Duration.ofSeconds(30));

            List<Outboxed> outbox = awaitAllSent(server, Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> records =
                    kafka.read(topic, outbox.size(), Duration.ofSeconds(60), Duration.ofSeconds(2));
            checkDelivery(outbox, records);
            Map<String, List<JsonNode>> byRun = byRun(records);

            assertThat(types(byRun.get(succeeded)))
                    .containsExactly(
                            "dev.strata.run.queued",
                            "dev.strata.run.started",
                            "dev.strata.schema.changed",
                            "dev.strata.anomaly.detected",
                            "dev.strata.quality.rule_failed",
                            "dev.strata.dataset.completed",
                            "dev.strata.run.succeeded");
            JsonNode completed = byRun.get(succeeded).get(5);
            assertThat(completed.get("subject").asText()).isEqualTo("orders/bronze.orders");
            assertThat(completed.get("source").asText()).isEqualTo("strata://pipelines/orders");
            JsonNode counts = completed.get("data");
            assertThat(counts.get("status").asText()).isEqualTo("succeeded");
            assertThat(counts.get("rows_in").asLong()).isEqualTo(10);
            assertThat(counts.get("rows_written").asLong()).isEqualTo(8);
            assertThat(counts.get("rows_quarantined").asLong()).isEqualTo(1);
            assertThat(counts.get("rows_dropped").asLong()).isEqualTo(1);
            assertThat(counts.get("table_version").asLong()).isEqualTo(3);
            assertThat(counts.get("files_ingested").asInt()).isEqualTo(1);
            assertThat(counts.get("attempts").asInt())
                    .as("built on its second attempt")
                    .isEqualTo(2);
            assertThat(counts.at("/failed_attempts/0").asText())
                    .isEqualTo("Cannot read source path data/orders (it is not there yet)");
            assertThat(byRun.get(succeeded).get(2).at("/data/changes/0").asText())
                    .isEqualTo("added column note STRING");
            assertThat(byRun.get(succeeded).get(3).at("/data/value").asDouble()).isEqualTo(10.0);
            assertThat(byRun.get(succeeded).get(4).at("/data/failed").asLong()).isEqualTo(1);
            assertThat(byRun.get(succeeded).get(6).get("subject").asText()).isEqualTo("orders");
            assertThat(types(byRun.get(failed)))
                    .containsExactly(
                            "dev.strata.run.queued",
                            "dev.strata.run.started",
                            "dev.strata.anomaly.detected",
                            "dev.strata.dataset.completed",
                            "dev.strata.run.failed");
            assertThat(byRun.get(failed).get(4).at("/data/exit_code").asInt()).isEqualTo(1);
            assertThat(types(byRun.get(waiting))).containsExactly("dev.strata.run.queued", "dev.strata.run.cancelled");
            assertThat(types(byRun.get(running)))
                    .containsExactly("dev.strata.run.queued", "dev.strata.run.started", "dev.strata.run.cancelled");
            assertThat(records).allSatisfy(r -> assertThat(r.value()).doesNotContain(JAAS_CANARY));

            // One relay per database: this server's holds the lease, so a second one cannot take it.
            assertThat(server.store.events().lead()).isEmpty();

            // The broker goes down; runs finish as fast as ever, their events wait in the outbox.
            kafka.stop();
            try {
                List<String> during = new ArrayList<>();
                for (String pipeline : List.of("orders", "billing", "orders")) {
                    String id = run(server, pipeline, "{\"STANDIN_MORE\": \"yes\"}");
                    server.awaitRun(id, status("succeeded"), Duration.ofSeconds(30));
                    during.add(id);
                }
                assertThat(unsent(server))
                        .as("events of the runs during the outage")
                        .isGreaterThanOrEqualTo(21);
            } finally {
                kafka.start();
            }
            List<Outboxed> all = awaitAllSent(server, Duration.ofSeconds(120));
            assertThat(all).hasSize(outbox.size() + 21);
            List<ConsumerRecord<String, String>> after =
                    kafka.read(topic, all.size(), Duration.ofSeconds(60), Duration.ofSeconds(3));
            checkDelivery(all, after);

            // Retention: published events leave the outbox once older than STRATA_EVENTS_RETENTION.
            assertThat(server.store.events().prune(Instant.now().minusSeconds(3600), false))
                    .isZero();
            assertThat(server.store.events().prune(Instant.now().plusSeconds(1), false))
                    .isEqualTo(all.size());
        }
    }

    /**
     * Every outbox event is on the topic exactly once, keyed by its pipeline, as structured CloudEvents JSON, in the
     * outbox's order within each pipeline, and valid against its type's schema.
     */
    private static void checkDelivery(List<Outboxed> outbox, List<ConsumerRecord<String, String>> records)
            throws IOException {
        assertThat(records.stream().map(r -> id(r.value())).toList())
                .as("each event exactly once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        outbox.stream().map(Outboxed::id).toList());
        Map<String, List<String>> expected = new LinkedHashMap<>();
        outbox.forEach(e ->
                expected.computeIfAbsent(e.pipeline(), p -> new ArrayList<>()).add(e.id()));
        Map<String, List<String>> published = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = Json.MAPPER.readTree(record.value());
            assertThat(record.key()).isEqualTo(event.at("/data/pipeline").asText());
            assertThat(event.get("subject").asText()).startsWith(record.key());
            Header contentType = record.headers().lastHeader("content-type");
            assertThat(new String(contentType.value(), StandardCharsets.UTF_8))
                    .startsWith("application/cloudevents+json");
            assertThat(EventSchemas.problems(record.value())).as(record.value()).isEmpty();
            published
                    .computeIfAbsent(record.key(), p -> new ArrayList<>())
                    .add(event.get("id").asText());
        }
        assertThat(published).as("each pipeline's events in outbox order").isEqualTo(expected);
    }

    private record Outboxed(long seq, String id, String pipeline) {}

    private static List<Outboxed> awaitAllSent(TestServer server, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unsent(server) > 0) {
            assertThat(System.nanoTime()).as("the relay published the outbox").isLessThan(deadline);
            Thread.sleep(200);
        }
        return server.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT seq, id, pipeline FROM event_outbox ORDER BY seq")
                        .map((rs, ctx) -> new Outboxed(rs.getLong("seq"), rs.getString("id"), rs.getString("pipeline")))
                        .list());
    }

    private static long unsent(TestServer server) {
        return server.database
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM event_outbox WHERE sent_at IS NULL")
                        .mapTo(Long.class)
                        .one());
    }

    private static Map<String, List<JsonNode>> byRun(List<ConsumerRecord<String, String>> records) throws IOException {
        Map<String, List<JsonNode>> byRun = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = Json.MAPPER.readTree(record.value());
            byRun.computeIfAbsent(event.at("/data/run_id").asText(), r -> new ArrayList<>())
                    .add(event);
        }
        return byRun;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    private static String id(String event) {
        try {
            return Json.MAPPER.readTree(event).get("id").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + event, e);
        }
    }

    private static String run(TestServer server, String pipeline, String parameters) {
        HttpResponse<String> queued = server.postJson(
                "/api/v1/pipelines/" + pipeline + "/runs", ADMIN_TOKEN, "{\"parameters\": " + parameters + "}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return json(queued).get("run_id").asText();
    }
}
