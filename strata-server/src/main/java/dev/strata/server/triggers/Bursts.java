package dev.strata.server.triggers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The events each trigger has gathered and not yet turned into a run, and so which Kafka offsets may be committed. A
 * burst opens with its trigger's first event and is due {@code debounce} later, gathering every event that arrives
 * meanwhile (an id seen twice counts once). An offset is committed only past every event of a burst not yet queued:
 * a server that stops before queueing a burst leaves its events to be delivered again.
 */
final class Bursts {
    /** The events one trigger gathered: due at {@code due}, with the offsets that hold them. */
    static final class Burst {
        final WatchedTrigger trigger;
        final Instant due;
        final Set<String> ids = new LinkedHashSet<>();
        final List<Map.Entry<TopicPartition, Long>> offsets = new ArrayList<>();

        Burst(WatchedTrigger trigger, Instant due) {
            this.trigger = trigger;
            this.due = due;
        }
    }

    private final Map<String, Burst> open = new LinkedHashMap<>();
    /** Per partition, the offsets of events in open bursts, with how many bursts hold each. */
    private final Map<TopicPartition, TreeMap<Long, Integer>> held = new HashMap<>();
    /** Per partition, the offset after the last record read. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    /** A record was read and needs nothing more (no trigger took it, or it went to the dead-letter topic). */
    void read(TopicPartition partition, long offset) {
        next.merge(partition, offset + 1, Math::max);
    }

    /** A trigger took the event at {@code offset}. */
    void add(WatchedTrigger trigger, String id, TopicPartition partition, long offset, Instant now) {
        read(partition, offset);
        Burst burst = open.computeIfAbsent(trigger.key(), k -> new Burst(trigger, now.plus(trigger.debounce())));
        burst.ids.add(id);
        burst.offsets.add(Map.entry(partition, offset));
        held.computeIfAbsent(partition, p -> new TreeMap<>()).merge(offset, 1, Integer::sum);
    }

    /** The bursts due at {@code now}, oldest first; they stay open until {@link #done}. */
    List<Burst> due(Instant now) {
        return open.values().stream().filter(b -> !b.due.isAfter(now)).toList();
    }

    /** The burst is queued (or needs no run): its offsets no longer hold a commit back. */
    void done(Burst burst) {
        open.remove(burst.trigger.key(), burst);
        for (Map.Entry<TopicPartition, Long> offset : burst.offsets) {
            TreeMap<Long, Integer> offsets = held.get(offset.getKey());
            if (offsets != null && offsets.merge(offset.getValue(), -1, Integer::sum) <= 0) {
                offsets.remove(offset.getValue());
            }
        }
    }

    /** The partitions went to another server: forget their events, which it will read again. */
    void revoke(Collection<TopicPartition> partitions) {
        for (Iterator<Burst> it = open.values().iterator(); it.hasNext(); ) {
            Burst burst = it.next();
            if (burst.offsets.stream().anyMatch(o -> partitions.contains(o.getKey()))) {
                it.remove();
                done(burst);
            }
        }
        partitions.forEach(p -> {
            held.remove(p);
            next.remove(p);
        });
    }

    /** The offset each partition may commit: its oldest event not yet queued, else the one after the last read. */
    Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        next.forEach((partition, after) -> {
            TreeMap<Long, Integer> holding = held.get(partition);
            offsets.put(partition, holding == null || holding.isEmpty() ? after : holding.firstKey());
        });
        return offsets;
    }

    /** How long until the next burst is due, at most {@code max}. */
    Duration untilNextDue(Instant now, Duration max) {
        Duration wait = max;
        for (Burst burst : open.values()) {
            Duration left = Duration.between(now, burst.due);
            if (left.compareTo(wait) < 0) {
                wait = left.isNegative() ? Duration.ZERO : left;
            }
        }
        return wait;
    }

    boolean isEmpty() {
        return open.isEmpty();
    }
}
