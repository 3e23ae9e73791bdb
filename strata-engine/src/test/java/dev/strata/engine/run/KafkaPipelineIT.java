package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.testing.KafkaBroker;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline reading a Kafka topic: each record once across runs, malformed values quarantined, replays skipped. */
@ExtendWith(KafkaBroker.class)
class KafkaPipelineIT {
    @TempDir
    Path dir;

    private Pipeline pipeline(String bootstrapServers) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: payments
                storage: {root: %s}
                sources:
                  payments_topic:
                    format: kafka
                    topic: pipeline-payments
                    bootstrap_servers: %s
                    schema: "id STRING, amount DECIMAL(12,2)"
                datasets:
                  bronze.payments: {from: payments_topic}
                  silver.payments:
                    from: bronze.payments
                    transform: [{select: [id, amount]}]
                    write: {mode: merge, keys: [id]}
                """.formatted(dir.resolve("lake"), bootstrapServers), StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    private static RunResult run(Pipeline pipeline, String runId) {
        return new PipelineRunner(SharedSpark.session(), pipeline, RunListener.NONE).run(runId, null, 0);
    }

    private static List<String> silver(Pipeline pipeline) {
        return SharedSpark.session()
                .read()
                .format("delta")
                .load(pipeline.spec().storage().root() + "/silver/payments")
                .orderBy("id")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList();
    }

    @Test
    void readsEachRecordOnceQuarantinesMalformedValuesAndSkipsAReplayedBatch(KafkaBroker.Server kafka)
            throws IOException {
        // The broker serves the whole test JVM: this test's topic is its own.
        kafka.createTopic("pipeline-payments", 1);
        Pipeline pipeline = pipeline(kafka.bootstrapServers());
        kafka.produce(
                "pipeline-payments",
                List.of(
                        "{\"id\": \"p1\", \"amount\": 10.00}",
                        "{\"id\": \"p2\", \"amount\": 20.00}",
                        "{\"id\": \"p3\", \"amount\": \"lots\"}",
                        "not json"));

        RunResult first = run(pipeline, "run-1");

        DatasetResult bronze = first.datasets().get(0);
        assertThat(first.status()).as(first.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(List.of(bronze.rowsIn(), bronze.rowsWritten(), bronze.rowsQuarantined()))
                .containsExactly(4L, 2L, 2L);
        assertThat(SharedSpark.session()
                        .read()
                        .format("delta")
                        .load(pipeline.spec().storage().root() + "/bronze/payments__quarantine")
                        .orderBy("_kafka_offset")
                        .select("_reason")
                        .collectAsList()
                        .stream()
                        .map(r -> r.getString(0)))
                .containsExactly("amount: cannot parse 'lots' as decimal(12,2)", "value is not valid JSON");
        assertThat(silver(pipeline)).containsExactly("[p1,10.00]", "[p2,20.00]");

        kafka.produce(
                "pipeline-payments",
                List.of("{\"id\": \"p2\", \"amount\": 25.00}", "{\"id\": \"p4\", \"amount\": 4.00}"));
        RunResult second = run(pipeline, "run-2");
        assertThat(second.datasets().get(0).rowsIn()).isEqualTo(2);
        assertThat(silver(pipeline)).containsExactly("[p1,10.00]", "[p2,25.00]", "[p4,4.00]");

        // A crash after the table commit and before the checkpoint's: the micro-batch is replayed, and skipped.
        Path commits =
                Path.of(pipeline.spec().storage().root(), "_strata", "checkpoints", "bronze.payments", "commits");
        Path last;
        try (Stream<Path> files = Files.list(commits)) {
            last = files.filter(f -> f.getFileName().toString().matches("[0-9]+"))
                    .max((a, b) -> Long.compare(
                            Long.parseLong(a.getFileName().toString()),
                            Long.parseLong(b.getFileName().toString())))
                    .orElseThrow();
        }
        Files.delete(last);
        Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));
        RunResult replay = run(pipeline, "run-3");

        assertThat(replay.status()).as(replay.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(SharedSpark.session()
                        .read()
                        .format("delta")
                        .load(pipeline.spec().storage().root() + "/bronze/payments")
                        .count())
                .isEqualTo(4);
        assertThat(silver(pipeline)).containsExactly("[p1,10.00]", "[p2,25.00]", "[p4,4.00]");
    }
}
