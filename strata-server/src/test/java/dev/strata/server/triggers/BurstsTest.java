package dev.strata.server.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.TriggerSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Bursts per debounce window, and the offsets that may be committed while some events wait for their run. */
class BurstsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private static WatchedTrigger trigger(String pipeline, String debounce) {
        return WatchedTrigger.of(
                pipeline,
                0,
                new TriggerSpec(new TriggerSpec.Kafka("orders", null), null, null, debounce),
                Path.of("."));
    }

    @Test
    void aBurstIsOneRunPerWindowAndHoldsBackTheCommitOfItsOffsets() {
        Bursts bursts = new Bursts();
        WatchedTrigger slow = trigger("slow", "30s");
        WatchedTrigger fast = trigger("fast", "0s");
        bursts.read(P0, 0);
        bursts.add(slow, "e1", P0, 1, T0);
        bursts.add(slow, "e2", P1, 0, T0.plusSeconds(10));
        bursts.add(slow, "e1", P0, 2, T0.plusSeconds(20));
        bursts.add(fast, "f1", P0, 3, T0.plusSeconds(20));
        bursts.read(P0, 4);

        assertThat(bursts.committable())
                .as("nothing past the oldest waiting event")
                .containsExactlyInAnyOrderEntriesOf(Map.of(P0, 1L, P1, 0L));
        List<Bursts.Burst> due = bursts.due(T0.plusSeconds(20));
        assertThat(due).extracting(b -> b.trigger.pipeline()).containsExactly("fast");
        bursts.done(due.get(0));
        assertThat(bursts.committable()).containsEntry(P0, 1L);

        assertThat(bursts.due(T0.plusSeconds(29))).isEmpty();
        Bursts.Burst window = bursts.due(T0.plusSeconds(30)).get(0);
        assertThat(window.ids).as("an id seen twice counts once").containsExactly("e1", "e2");
        bursts.done(window);
        assertThat(bursts.committable()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 5L, P1, 1L));
        assertThat(bursts.isEmpty()).isTrue();
    }

    @Test
    void revokedPartitionsDropTheirBursts() {
        Bursts bursts = new Bursts();
        bursts.add(trigger("a", "30s"), "e1", P0, 7, T0);
        bursts.add(trigger("b", "30s"), "e2", P1, 3, T0);
        bursts.revoke(List.of(P0));
        assertThat(bursts.due(T0.plusSeconds(60)))
                .extracting(b -> b.trigger.pipeline())
                .containsExactly("b");
        assertThat(bursts.committable()).containsExactlyInAnyOrderEntriesOf(Map.of(P1, 3L));
    }
}
