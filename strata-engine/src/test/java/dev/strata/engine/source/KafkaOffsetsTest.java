package dev.strata.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaOffsetsTest {
    private static final KafkaOffsets.Ranges RANGES = new KafkaOffsets.Ranges(
            "orders",
            List.of(
                    new KafkaOffsets.Range(1, 3, 17, 25),
                    new KafkaOffsets.Range(0, 12, 40, -1),
                    new KafkaOffsets.Range(2, 9, 9, -1)));

    @Test
    void rangesRoundTripThroughACursorAsTheLedgerKeepsThem() {
        Cursor cursor = RANGES.cursor();

        assertThat(cursor.consumed()).isEqualTo(Map.of("kafka:orders", List.of("0:12:40:-1", "1:3:17:25", "2:9:9:-1")));
        assertThat(KafkaOffsets.Ranges.of(cursor)).isEqualTo(RANGES);
        assertThat(KafkaOffsets.Ranges.of(Cursor.NONE)).isNull();
    }

    @Test
    void readsOnlyTheNonEmptyRangesWithFixedOffsets() {
        assertThat(RANGES.readOptions())
                .containsExactly(
                        Map.entry("assign", "{\"orders\":[0,1]}"),
                        Map.entry("startingOffsets", "{\"orders\":{\"0\":12,\"1\":3}}"),
                        Map.entry("endingOffsets", "{\"orders\":{\"0\":40,\"1\":17}}"));
        assertThat(RANGES.ends()).containsExactly(Map.entry(0, 40L), Map.entry(1, 17L), Map.entry(2, 9L));
    }

    @Test
    void describesTheOffsetsPerPartitionAndWhatWasClipped() {
        assertThat(RANGES.describe())
                .isEqualTo("topic orders partitions 0-2, offsets 0:12..40, 1:3..17, 2:9..9 (partition 1 clipped at 17,"
                        + " where the stream stands; the window reached 25)");
    }
}
