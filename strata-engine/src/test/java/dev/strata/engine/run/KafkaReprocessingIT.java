package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.testing.KafkaBroker;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.ledger.FileLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full refresh and backfill of a dataset that reads a Kafka topic, on the real broker: the offsets are fixed before the
 * first write, the stream goes on after a refresh without duplicates or gaps, a backfill replaces exactly its offset
 * ranges and leaves what the stream has not read yet to the stream.
 */
@ExtendWith(KafkaBroker.class)
class KafkaReprocessingIT {
    // Recent stamps: the broker's retention (7 days) deletes records stamped longer ago.
    private static final Instant DAY1 =
            Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(6));
    private static final Instant DAY2 = DAY1.plus(Duration.ofHours(1));
    private static final Instant DAY3 = DAY2.plus(Duration.ofHours(1));

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    private Pipeline pipeline(String topic, String bootstrapServers, String format) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(
                file, """
                name: kafka_reprocess
                storage: {root: %s, format: %s}
                sources:
                  orders_topic:
                    format: kafka
                    topic: %s
                    bootstrap_servers: %s
                    schema: "id STRING, amount DECIMAL(12,2)"
                datasets:
                  bronze.orders: {from: orders_topic}
                  silver.orders:
                    from: bronze.orders
                    transform: [{select: [id, amount]}]
                    write: {mode: merge, keys: [id]}
                """.formatted(dir.resolve("lake"), format, topic, bootstrapServers), StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    /** Sends {@code id=amount} records (or a raw value when it has no '=') to a partition, stamped {@code at}. */
    private static void produce(KafkaBroker.Server kafka, String topic, int partition, Instant at, String... records)
            throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<?>> sent = new ArrayList<>();
            for (String record : records) {
                String[] parts = record.split("=", 2);
                String value =
                        parts.length == 1 ? record : "{\"id\": \"" + parts[0] + "\", \"amount\": " + parts[1] + "}";
                sent.add(producer.send(new ProducerRecord<>(topic, partition, at.toEpochMilli(), null, value)));
            }
            for (Future<?> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private RunResult run(Pipeline pipeline, String runId, Reprocessing reprocessing) {
        RunResult run = new PipelineRunner(spark, pipeline, RunListener.NONE)
                .withReprocessing(reprocessing)
                .run(runId, null, 0);
        assertThat(run.datasets()).allMatch(DatasetResult::rowsConserved);
        return run;
    }

    private String location(Pipeline pipeline, String dataset) {
        return new TableLocations(pipeline.spec().storage()).location(DatasetName.parse(dataset));
    }

    /** A Delta table's rows as {@code partition:offset id=amount} (quarantine: {@code partition:offset reason}). */
    private List<String> rows(Pipeline pipeline, String dataset) {
        boolean quarantine = dataset.endsWith("__quarantine");
        return spark
                .read()
                .format("delta")
                .load(location(pipeline, dataset))
                .selectExpr(
                        "_kafka_partition",
                        "_kafka_offset",
                        quarantine ? "_reason" : "concat(id, '=', cast(amount AS STRING))")
                .orderBy("_kafka_partition", "_kafka_offset")
                .collectAsList()
                .stream()
                .map(r -> r.getInt(0) + ":" + r.getLong(1) + " " + r.getString(2))
                .toList();
    }

    private List<String> silver(Pipeline pipeline) {
        return spark
                .read()
                .format("delta")
                .load(location(pipeline, "silver.orders"))
                .orderBy("id")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList();
    }

    private Ledger ledger(Pipeline pipeline) {
        return new FileLedger(
                pipeline.spec().storage().root(), spark.sparkContext().hadoopConfiguration());
    }

    @Test
    void aFullRefreshReadsTheRetainedTopicOnceAndTheStreamGoesOnAfterIt(KafkaBroker.Server kafka) throws Exception {
        kafka.createTopic("refresh-orders", 2);
        Pipeline pipeline = pipeline("refresh-orders", kafka.bootstrapServers(), "delta");
        produce(kafka, "refresh-orders", 0, DAY1, "a=1.00", "b=2.00", "not json");
        produce(kafka, "refresh-orders", 1, DAY1, "c=3.00");
        assertThat(run(pipeline, "r1", null).status()).isEqualTo(RunStatus.SUCCEEDED);
        produce(kafka, "refresh-orders", 0, DAY2, "d=4.00");
        produce(kafka, "refresh-orders", 1, DAY2, "e=5.00");
        assertThat(run(pipeline, "r2", null).status()).isEqualTo(RunStatus.SUCCEEDED);
        // The table drifted from its source: a row lost, another loaded twice.
        spark.sql("DELETE FROM delta.`" + location(pipeline, "bronze.orders") + "` WHERE id = 'a'");
        spark.read()
                .format("delta")
                .load(location(pipeline, "bronze.orders"))
                .where("id = 'e'")
                .write()
                .format("delta")
                .mode("append")
                .save(location(pipeline, "bronze.orders"));

        RunResult refresh = run(pipeline, "r3", Reprocessing.fullRefresh());

        assertThat(refresh.status()).as(refresh.toString()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> topic = List.of("0:0 a=1.00", "0:1 b=2.00", "0:3 d=4.00", "1:0 c=3.00", "1:1 e=5.00");
        assertThat(rows(pipeline, "bronze.orders")).isEqualTo(topic);
        assertThat(rows(pipeline, "bronze.orders__quarantine"))
                .as("the quarantine is rebuilt from the same records")
                .containsExactly("0:2 value is not valid JSON");
        DatasetResult bronze = refresh.datasets().get(0);
        assertThat(List.of(bronze.rowsIn(), bronze.rowsWritten(), bronze.rowsQuarantined()))
                .containsExactly(6L, 5L, 1L);
        assertThat(bronze.message())
                .isEqualTo("full refresh: rebuilt the table and its quarantine from all its input (topic refresh-orders"
                        + " partitions 0-1, offsets 0:0..4, 1:0..2; the stream continues after them); reset 2 ledger"
                        + " entries of earlier runs");
        assertThat(ledger(pipeline).entries("bronze.orders"))
                .extracting(LedgerEntry::runId)
                .containsExactly("r3");

        // The stream continues after the refreshed offsets: the next run loads the new records only, once.
        produce(kafka, "refresh-orders", 0, DAY3, "f=6.00");
        produce(kafka, "refresh-orders", 1, DAY3, "g=7.00");
        RunResult next = run(pipeline, "r4", null);

        assertThat(next.status()).as(next.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.datasets().get(0).rowsIn()).isEqualTo(2);
        List<String> all = new ArrayList<>(topic);
        all.add(3, "0:4 f=6.00");
        all.add("1:2 g=7.00");
        assertThat(rows(pipeline, "bronze.orders")).isEqualTo(all);
        assertThat(run(pipeline, "r5", null).datasets().get(0).rowsIn())
                .as("nothing is read twice")
                .isZero();
        assertThat(silver(pipeline))
                .containsExactly("[a,1.00]", "[b,2.00]", "[c,3.00]", "[d,4.00]", "[e,5.00]", "[f,6.00]", "[g,7.00]");
    }

    @Test
    void aRefreshInterruptedAfterItsTableCommitIsFinishedByTheNextRunWithTheSameRecords(KafkaBroker.Server kafka)
            throws Exception {
        kafka.createTopic("crash-orders", 1);
        Pipeline pipeline = pipeline("crash-orders", kafka.bootstrapServers(), "delta");
        produce(kafka, "crash-orders", 0, DAY1, "a=1.00", "oops", "b=2.00");
        run(pipeline, "r1", null);
        List<String> bronze = rows(pipeline, "bronze.orders");
        List<String> quarantine = rows(pipeline, "bronze.orders__quarantine");

        // The quarantine write fails after the table's overwrite committed: its folder is a file for a while.
        Path quarantineTable =
                Path.of(location(pipeline, "bronze.orders__quarantine").replaceFirst("^file:", ""));
        Path aside = dir.resolve("quarantine-aside");
        Files.move(quarantineTable, aside);
        Files.writeString(quarantineTable, "in the way", StandardCharsets.UTF_8);
        RunResult crashed = run(pipeline, "r2", Reprocessing.fullRefresh());
        assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(ledger(pipeline).pending("bronze.orders").consumed())
                .as("the refresh's offsets are fixed in the pending batch before its first write")
                .isEqualTo(Map.of("kafka:crash-orders", List.of("0:0:3:-1")));
        Files.delete(quarantineTable);
        Files.move(aside, quarantineTable);
        org.apache.spark.sql.delta.DeltaLog.clearCache();
        // Records that arrive meanwhile are not the interrupted refresh's: the stream loads them afterwards.
        produce(kafka, "crash-orders", 0, DAY2, "c=3.00");

        RunResult retry = run(pipeline, "r3", null);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(retry.datasets().get(0).message())
                .contains("recovered the batch of interrupted run r2")
                .contains("full refresh")
                .contains("offsets 0:0..3");
        assertThat(rows(pipeline, "bronze.orders")).isEqualTo(bronze);
        assertThat(rows(pipeline, "bronze.orders__quarantine")).isEqualTo(quarantine);
        assertThat(spark.read()
                        .format("delta")
                        .load(location(pipeline, "bronze.orders"))
                        .select("_run_id")
                        .distinct()
                        .collectAsList())
                .as("the retry wrote the interrupted refresh's batch, as it would have")
                .extracting(r -> r.getString(0))
                .containsExactly("r2");

        RunResult next = run(pipeline, "r4", null);
        assertThat(next.datasets().get(0).rowsIn()).isEqualTo(1);
        assertThat(rows(pipeline, "bronze.orders")).containsExactly("0:0 a=1.00", "0:2 b=2.00", "0:3 c=3.00");
    }

    @Test
    void aBackfillReplacesTheWindowsOffsetsAndLeavesUnreadRecordsToTheStream(KafkaBroker.Server kafka)
            throws Exception {
        kafka.createTopic("backfill-orders", 2);
        Pipeline pipeline = pipeline("backfill-orders", kafka.bootstrapServers(), "delta");
        produce(kafka, "backfill-orders", 0, DAY1, "a=1.00", "b=2.00");
        produce(kafka, "backfill-orders", 1, DAY1, "c=3.00");
        produce(kafka, "backfill-orders", 0, DAY2, "d=4.00", "bad");
        produce(kafka, "backfill-orders", 1, DAY2, "e=5.00", "f=6.00");
        produce(kafka, "backfill-orders", 0, DAY3, "g=7.00");
        run(pipeline, "r1", null);
        List<String> loaded = rows(pipeline, "bronze.orders");
        assertThat(loaded).hasSize(7);
        // The second day's rows were lost from the table, its quarantined record too; a first-day row was changed.
        String bronzeTable = "delta.`" + location(pipeline, "bronze.orders") + "`";
        spark.sql("DELETE FROM " + bronzeTable + " WHERE id IN ('d', 'f')");
        spark.sql("UPDATE " + bronzeTable + " SET amount = 99 WHERE id = 'a'");
        spark.sql("DELETE FROM delta.`" + location(pipeline, "bronze.orders__quarantine") + "`");

        RunResult backfill = run(pipeline, "r2", Reprocessing.backfill(DAY2, DAY3));

        assertThat(backfill.status()).as(backfill.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(backfill.datasets().get(0).message())
                .isEqualTo("backfill of topic backfill-orders partitions 0-1, offsets 0:2..4, 1:1..3");
        List<String> restored = new ArrayList<>(loaded);
        restored.set(0, "0:0 a=99.00");
        assertThat(rows(pipeline, "bronze.orders"))
                .as("the window's rows are replaced, exactly once; the rows outside it are left as they are")
                .isEqualTo(restored);
        assertThat(rows(pipeline, "bronze.orders__quarantine")).containsExactly("0:3 value is not valid JSON");
        assertThat(run(pipeline, "r3", Reprocessing.backfill(DAY2, DAY3)).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rows(pipeline, "bronze.orders"))
                .as("a backfill is safe to repeat")
                .isEqualTo(restored);

        // Records of the window the stream has not read yet are clipped off: the stream loads them, once.
        produce(kafka, "backfill-orders", 0, DAY2, "h=8.00");
        RunResult clipped = run(pipeline, "r4", Reprocessing.backfill(DAY2, DAY3.plusSeconds(86_400)));
        assertThat(clipped.datasets().get(0).message())
                .isEqualTo("backfill of topic backfill-orders partitions 0-1, offsets 0:2..5, 1:1..3 (partition 0"
                        + " clipped at 5, where the stream stands; the window reached 6)");
        assertThat(rows(pipeline, "bronze.orders")).doesNotContain("0:5 h=8.00");
        assertThat(run(pipeline, "r5", null).datasets().get(0).rowsIn()).isEqualTo(1);
        assertThat(rows(pipeline, "bronze.orders")).contains("0:5 h=8.00").hasSize(8);

        produce(kafka, "backfill-orders", 1, DAY3.plusSeconds(3_600), "i=9.00");
        RunResult nothing = run(pipeline, "r6", Reprocessing.backfill(DAY3.plusSeconds(60), DAY3.plusSeconds(7_200)));
        assertThat(nothing.datasets().get(0).message())
                .isEqualTo("nothing to backfill: the stream has not read the window's records yet (topic"
                        + " backfill-orders partitions 0-1, offsets 0:6..6, 1:3..3 (partition 1 clipped at 3, where"
                        + " the stream stands; the window reached 4)); the next ordinary run loads them");
    }

    @Test
    void anIcebergBackfillReplacesTheWindowsOffsetsToo(KafkaBroker.Server kafka) throws Exception {
        kafka.createTopic("iceberg-orders", 1);
        Pipeline pipeline = pipeline("iceberg-orders", kafka.bootstrapServers(), "iceberg");
        produce(kafka, "iceberg-orders", 0, DAY1, "a=1.00");
        produce(kafka, "iceberg-orders", 0, DAY2, "b=2.00", "c=3.00");
        run(pipeline, "r1", null);
        String catalog = dev.strata.engine.sink.IcebergCatalogs.register(
                spark, pipeline.spec().storage());
        spark.sql("DELETE FROM " + catalog + ".bronze.orders WHERE id = 'c'");

        RunResult backfill = run(pipeline, "r2", Reprocessing.backfill(DAY2, DAY3));

        assertThat(backfill.status()).as(backfill.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dev.strata.engine.sink.Sinks.forFormat("iceberg")
                        .read(
                                spark,
                                new TableLocations(pipeline.spec().storage()).table(DatasetName.parse("bronze.orders")))
                        .selectExpr("concat(_kafka_offset, ' ', id, '=', amount)")
                        .collectAsList()
                        .stream()
                        .map(r -> r.getString(0))
                        .sorted())
                .containsExactly("0 a=1.00", "1 b=2.00", "2 c=3.00");
    }

    @Test
    void aBackfillOfAKafkaAppendTableInHudiIsRefused(KafkaBroker.Server kafka) throws Exception {
        Pipeline pipeline = pipeline("hudi-orders", kafka.bootstrapServers(), "hudi");

        assertThatThrownBy(() -> new PipelineRunner(spark, pipeline, RunListener.NONE)
                        .withReprocessing(Reprocessing.backfill(DAY1, DAY2))
                        .run("r1", null, 0))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot backfill pipeline.yaml:\n  datasets.bronze.orders: a Hudi append table cannot"
                        + " replace the rows earlier runs loaded from the window's offsets (give it write.mode: merge"
                        + " with keys, or rebuild it with --full-refresh)");
    }
}
