package dev.strata.engine.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.config.LineageConfig;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.testing.KafkaBroker;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka transport of the OpenLineage client, against a real KRaft broker. */
@ExtendWith(KafkaBroker.class)
class LineageKafkaIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunsEventsArriveOnTheTopicInOrderAndValid(KafkaBroker.Server kafka, @TempDir Path dir) throws IOException {
        kafka.createTopic("lineage", 1);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/people.csv"), "id,name\n1,ada\n2,grace\n");
        Files.writeString(dir.resolve("pipeline.yaml"), """
                name: tiny
                storage: {root: ./lake, format: delta}
                sources:
                  people: {format: csv, path: data/, options: {header: "true"}, schema: "id INT, name STRING"}
                datasets:
                  bronze.people: {from: people, write: {mode: append}}
                """);
        List<String> notices = new ArrayList<>();
        RunResult run = new PipelineRunner(
                        SharedSpark.session(), PipelineLoader.load(dir.resolve("pipeline.yaml")), new RunListener() {
                            @Override
                            public void notice(String message) {
                                notices.add(message);
                            }
                        })
                .withLineage(LineageSettings.from(Map.of(
                        LineageConfig.TRANSPORT.name(), "kafka",
                        LineageConfig.KAFKA_TOPIC.name(), "lineage",
                        LineageConfig.KAFKA_BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers())))
                .run("kafka-1", null, 0);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(notices).isEmpty();

        List<ConsumerRecord<String, String>> records = read(kafka.bootstrapServers(), "lineage", 4);
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            events.add(JSON.readTree(record.value()));
        }
        OpenLineageSchemas schemas = new OpenLineageSchemas();
        assertThat(events)
                .allSatisfy(
                        e -> assertThat(schemas.problems(e)).as(e.toString()).isEmpty());
        assertThat(events)
                .extracting(e ->
                        e.path("eventType").asText() + " " + e.at("/job/name").asText())
                .containsExactly(
                        "START tiny", "START tiny.bronze.people", "COMPLETE tiny.bronze.people", "COMPLETE tiny");
        assertThat(events.get(2)
                        .at("/outputs/0/outputFacets/outputStatistics/rowCount")
                        .asLong())
                .isEqualTo(2);
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isNotBlank());
    }

    /** The topic's first {@code count} records, polled with a generous deadline. */
    private static List<ConsumerRecord<String, String>> read(String servers, String topic, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "lineage-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (records.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).as("records on " + topic).hasSize(count);
        return records;
    }
}
