package dev.strata.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.testing.KafkaBroker;
import dev.strata.engine.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBroker.class)
class KafkaSourceIT {
    private static final String SCHEMA = "order_id STRING, amount DECIMAL(12,2), qty INT";

    @TempDir
    Path dir;

    /** What one {@link KafkaSource#stream} call handed its handler. */
    private static final class Batches {
        final List<Long> ids = new ArrayList<>();
        final List<String> goodOrderIds = new ArrayList<>();
        final List<String> malformed = new ArrayList<>();

        void add(SourceRead batch, long batchId) {
            ids.add(batchId);
            Dataset<Row> rows = batch.rows().cache();
            rows.filter(SourceRead.RAW_RECORD + " IS NULL")
                    .select("order_id")
                    .collectAsList()
                    .forEach(r -> goodOrderIds.add(r.getString(0)));
            batch.explainMalformed()
                    .apply(rows.filter(SourceRead.RAW_RECORD + " IS NOT NULL"))
                    .select(SourceRead.RAW_RECORD, SourceRead.MALFORMED_REASON)
                    .collectAsList()
                    .forEach(r -> malformed.add(r.getString(0) + " => " + r.getString(1)));
            rows.unpersist();
        }

        int rows() {
            return goodOrderIds.size() + malformed.size();
        }
    }

    private static SourceSpec spec(String topic, String bootstrapServers) {
        return new SourceSpec(
                SourceFormat.KAFKA,
                null,
                Map.of("maxOffsetsPerTrigger", "5"),
                SCHEMA,
                topic,
                bootstrapServers,
                null,
                null,
                null,
                null);
    }

    private static List<String> orders(int from, int to) {
        List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add("{\"order_id\":\"o" + i + "\",\"amount\":\"" + i + ".50\",\"qty\":" + i + "}");
        }
        return values;
    }

    @Test
    void readsEachRecordExactlyOnceAcrossRunsAndExplainsMalformedValues(KafkaBroker.Server kafka) {
        kafka.createTopic("orders", 2);
        List<String> first = new ArrayList<>(orders(0, 8));
        first.add("not json");
        first.add("{\"order_id\":\"bad\",\"amount\":\"abc\",\"qty\":1}");
        kafka.produce("orders", first);
        SourceSpec spec = spec("orders", kafka.bootstrapServers());
        String checkpoint = dir.resolve("checkpoint").toString();

        Batches run1 = new Batches();
        KafkaSource.stream(SharedSpark.session(), spec, checkpoint, run1::add);
        assertThat(run1.goodOrderIds).containsExactlyInAnyOrder("o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7");
        assertThat(run1.malformed)
                .containsExactlyInAnyOrder(
                        "not json => value is not valid JSON",
                        "{\"order_id\":\"bad\",\"amount\":\"abc\",\"qty\":1} => amount: cannot parse 'abc' as"
                                + " decimal(12,2)");
        // At most 5 per trigger, split between the partitions as they fill: two batches or more.
        assertThat(run1.ids)
                .as("batch ids")
                .hasSizeGreaterThanOrEqualTo(2)
                .startsWith(0L, 1L)
                .isSorted();
        long lastBatch = run1.ids.get(run1.ids.size() - 1);
        assertThat(lastBatch).isEqualTo(run1.ids.size() - 1L);

        Batches run2 = new Batches();
        KafkaSource.stream(SharedSpark.session(), spec, checkpoint, run2::add);
        assertThat(run2.rows()).as("nothing new since the checkpoint").isZero();
        assertThat(run2.ids).as("no empty batch either").isEmpty();

        kafka.produce("orders", orders(8, 11));
        Batches run3 = new Batches();
        KafkaSource.stream(SharedSpark.session(), spec, checkpoint, run3::add);
        assertThat(run3.goodOrderIds).containsExactlyInAnyOrder("o8", "o9", "o10");
        assertThat(run3.malformed).isEmpty();
        assertThat(run3.ids).as("batch ids go on from the checkpoint").containsExactly(lastBatch + 1);
    }

    @Test
    void aFailedBatchFailsTheStreamNamingTheTopicAndIsHandedAgainWithTheSameId(KafkaBroker.Server kafka) {
        kafka.createTopic("payments", 1);
        kafka.produce("payments", orders(0, 2));
        SourceSpec spec = spec("payments", kafka.bootstrapServers());

        assertThatThrownBy(() -> KafkaSource.stream(
                        SharedSpark.session(), spec, dir.resolve("cp1").toString(), (batch, id) -> {
                            throw new IllegalStateException("sink is down");
                        }))
                .isInstanceOfSatisfying(
                        StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_UNREADABLE))
                .hasMessage("Cannot read Kafka topic 'payments': sink is down");

        Batches retry = new Batches();
        KafkaSource.stream(SharedSpark.session(), spec, dir.resolve("cp1").toString(), retry::add);
        assertThat(retry.ids).as("the failed batch again, with its id").containsExactly(0L);
        assertThat(retry.goodOrderIds).containsExactlyInAnyOrder("o0", "o1");

        StrataException conflict = new StrataException(ErrorCode.CONFLICT, "Cannot commit batch 0: conflict");
        assertThatThrownBy(() -> KafkaSource.stream(
                        SharedSpark.session(), spec, dir.resolve("cp2").toString(), (batch, id) -> {
                            throw conflict;
                        }))
                .as("a handler's own StrataException is rethrown as is")
                .isSameAs(conflict);
    }
}
