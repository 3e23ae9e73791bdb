package dev.strata.server.triggers;

import dev.strata.core.spec.TriggerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's consumer group over the topics its pipelines' kafka and dataset triggers read. One thread polls, matches
 * each event against the triggers of its topic, gathers bursts ({@link Bursts}), queues a run for each burst that is
 * due, and only then commits offsets: past queued and unmatched events, never past an event still waiting for its
 * run. An event it cannot read, or a filter cannot match, goes to the dead-letter topic with the reason in its
 * {@value #REASON_HEADER} header, before its offset is committed.
 */
final class KafkaTriggers implements Runnable {
    static final String REASON_HEADER = "strata.dlq.reason";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTriggers.class);
    private static final Duration MAX_WAIT = Duration.ofMillis(500);

    private final TriggerSettings settings;
    private final WatchedTriggers watched;
    private final TriggeredRuns runs;
    private final Clock clock;
    private final Bursts bursts = new Bursts();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private volatile boolean stopping;
    private Set<String> topics = Set.of();
    private Instant nextReload = Instant.MIN;

    KafkaTriggers(TriggerSettings settings, WatchedTriggers watched, TriggeredRuns runs, Clock clock) {
        this.settings = settings;
        this.watched = watched;
        this.runs = runs;
        this.clock = clock;
        Properties consumer = new Properties();
        consumer.putAll(settings.clientProperties());
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group reads what the topic still holds: no event published before the server came up is lost.
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        consumer.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(TriggerMessage.MAX_BYTES + 1024));
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "strata-triggers");
        long sessionMillis = settings.sessionTimeout().toMillis();
        consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionMillis));
        // Kafka's rule: heartbeats at most a third of the session apart (its default, 3s, when that is shorter).
        consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.min(3_000, sessionMillis / 3)));
        this.consumer = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties producer = new Properties();
        producer.putAll(settings.clientProperties());
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "strata-triggers-dlq");
        this.deadLetters = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                try {
                    step();
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    // The store or the broker is away: nothing was committed past what is not queued. Read again from
                    // the committed offsets (what was queued meanwhile is known to the store, and starts nothing).
                    LOG.warn("Triggers: {}", e.toString());
                    sleep(Duration.ofSeconds(1));
                    rewind();
                }
            }
        } finally {
            // No commit here: what is not queued is read again by the next server.
            consumer.close(Duration.ofSeconds(5));
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    /** Stops the loop without queueing the bursts it gathered: as a crash would, which loses nothing. */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private void step() {
        Instant now = clock.instant();
        if (!now.isBefore(nextReload)) {
            subscribe();
            nextReload = now.plus(settings.poll());
        }
        if (topics.isEmpty()) {
            sleep(MAX_WAIT);
            return;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(bursts.untilNextDue(now, MAX_WAIT))) {
            take(record);
        }
        for (Bursts.Burst burst : bursts.due(clock.instant())) {
            runs.queue(burst.trigger, burst.trigger.source(settings.eventsTopic()), List.copyOf(burst.ids));
            bursts.done(burst);
        }
        commit();
    }

    private void subscribe() {
        Set<String> wanted = new TreeSet<>();
        for (WatchedTrigger trigger : watched.reload()) {
            String topic = trigger.topic(settings.eventsTopic());
            if (topic != null) {
                wanted.add(topic);
            }
        }
        if (wanted.equals(topics)) {
            return;
        }
        topics = wanted;
        if (wanted.isEmpty()) {
            commit();
            consumer.unsubscribe();
        } else {
            LOG.info("Triggers read topics {}", wanted);
            consumer.subscribe(wanted, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    bursts.revoke(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        TriggerMessage message;
        try {
            message = TriggerMessage.read(record);
        } catch (TriggerMessage.Unreadable e) {
            deadLetter(record, e.getMessage());
            bursts.read(partition, record.offset());
            return;
        }
        List<WatchedTrigger> taking = new ArrayList<>();
        List<String> unmatchable = new ArrayList<>();
        for (WatchedTrigger trigger : watched.current()) {
            if (!record.topic().equals(trigger.topic(settings.eventsTopic()))) {
                continue;
            }
            if (trigger.kind() == TriggerSpec.Kind.KAFKA && trigger.filter().readsData() && !message.dataIsJson()) {
                unmatchable.add(trigger.pipeline());
            } else if (trigger.matches(message.view())) {
                taking.add(trigger);
            }
        }
        if (taking.isEmpty() && !unmatchable.isEmpty()) {
            deadLetter(
                    record,
                    "cannot match: the filters of " + String.join(", ", unmatchable)
                            + " read data fields, and the event's data is not JSON");
        }
        if (taking.isEmpty()) {
            bursts.read(partition, record.offset());
        }
        Instant now = clock.instant();
        for (WatchedTrigger trigger : taking) {
            bursts.add(trigger, message.id(), partition, record.offset(), now);
        }
    }

    /** Sends the record, as it came, to the dead-letter topic; returns once the broker has it. */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        String topic = settings.deadLetterTopic(record.topic());
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
        letter.headers().remove(REASON_HEADER);
        letter.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        letter.headers()
                .add(
                        "strata.dlq.source",
                        (record.topic() + "/" + record.partition() + "/" + record.offset())
                                .getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(letter).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot send to the dead-letter topic " + topic, e.getCause());
        }
        LOG.warn(
                "Triggers: {}/{}/{} went to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                topic,
                reason);
    }

    /** Forgets the gathered bursts and goes back to the committed offsets, to read their events again. */
    private void rewind() {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            bursts.revoke(assigned);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof WakeupException wakeup) {
                throw wakeup;
            }
            LOG.warn("Triggers cannot rewind yet: {}", e.toString());
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = bursts.committable().entrySet().stream()
                .filter(e -> consumer.assignment().contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
