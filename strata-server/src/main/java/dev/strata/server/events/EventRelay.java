package dev.strata.server.events;

import dev.strata.core.secret.Secrets;
import dev.strata.store.EventOutbox;
import dev.strata.store.EventOutbox.Pending;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox's lifecycle events to Kafka (docs/events.md, "The outbox guarantee"), on a thread of its own,
 * so that a broker that is down or slow never holds up a run: runs only write their events to the outbox.
 *
 * <p>One relay publishes at a time across the servers of one database: the one holding the outbox {@link
 * EventOutbox.Lease}; the others try again every few seconds. It sends unsent events in outbox order with an idempotent
 * producer ({@code enable.idempotence=true}, {@code acks=all}), keyed by pipeline, one event of a pipeline at a time
 * (pipelines in parallel), and marks each sent once acknowledged; a failure resends from the first unacknowledged event
 * of each pipeline on. When the broker cannot be reached it backs off, doubling up to {@link #MAX_BACKOFF}, with a new
 * producer each time. Delivery is at least once; consumers deduplicate by event {@code id}.
 */
public final class EventRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

    static final Duration POLL = Duration.ofMillis(200);
    static final Duration FOLLOWER_POLL = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    private static final int BATCH = 500;
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final EventOutbox outbox;
    private final EventsSettings settings;
    private final Clock clock;
    private final String clientId;
    private final Thread thread;
    private volatile boolean closed;
    private EventOutbox.Lease lease;
    private Producer<String, byte[]> producer;
    private Duration backoff = Duration.ZERO;
    private Instant nextPrune = Instant.MIN;

    public EventRelay(EventOutbox outbox, EventsSettings settings, Clock clock, String clientId) {
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.clientId = clientId;
        this.thread = new Thread(this::loop, "strata-events-relay");
        this.thread.setDaemon(true);
    }

    public void start() {
        if (settings.publishes()) {
            LOG.info("Events relay: {}", settings.describe());
        } else {
            LOG.info(
                    "Events relay off (KAFKA_BOOTSTRAP_SERVERS is not set): events stay in the outbox {}",
                    "for STRATA_EVENTS_RETENTION=" + settings.retention().toSeconds() + "s");
        }
        thread.start();
    }

    private void loop() {
        while (!closed) {
            Duration wait = cycle();
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass: prunes when due, publishes one batch when leading; returns how long to wait before the next. */
    private Duration cycle() {
        try {
            prune();
            if (!settings.publishes()) {
                return PRUNE_EVERY;
            }
            if (lease == null) {
                lease = outbox.lead().orElse(null);
                if (lease == null) {
                    return FOLLOWER_POLL;
                }
                LOG.info("Events relay: this server publishes the outbox");
            }
            List<Pending> batch = lease.unsent(BATCH);
            if (batch.isEmpty()) {
                return POLL;
            }
            publish(batch);
            if (!backoff.isZero()) {
                LOG.info("Events relay: publishing again");
            }
            backoff = Duration.ZERO;
            return batch.size() == BATCH ? Duration.ZERO : POLL;
        } catch (RuntimeException e) {
            if (closed) {
                return Duration.ZERO;
            }
            backoff = backoff.isZero() ? Duration.ofSeconds(1) : min(backoff.multipliedBy(2), MAX_BACKOFF);
            LOG.warn(
                    "Events relay cannot publish to {}: {}; retrying in {} s (runs go on; their events wait in the"
                            + " outbox)",
                    settings.topic(),
                    Secrets.redact(String.valueOf(e.getMessage())),
                    backoff.toSeconds());
            dropProducer();
            if (!(e instanceof PublishException || e instanceof KafkaException)) {
                // The store failed: the lease's connection may be gone, and the lock with it.
                dropLease();
            }
            return backoff;
        }
    }

    /**
     * Sends the batch in rounds: each round sends the next event of every pipeline that has one, and waits for their
     * acknowledgements. A pipeline's event is sent only once the one before it was acknowledged, so no later event of a
     * pipeline ever reaches the topic before an earlier one, even when the broker fails some sends and not others.
     * Marks what was acknowledged; throws when anything was not.
     */
    private void publish(List<Pending> batch) {
        if (producer == null) {
            producer = new KafkaProducer<>(settings.producerConfig(clientId));
        }
        // Fails fast, sending nothing, while the broker cannot tell where the topic's partitions are.
        producer.partitionsFor(settings.topic());
        Map<String, Deque<Pending>> queues = new LinkedHashMap<>();
        for (Pending pending : batch) {
            queues.computeIfAbsent(pending.pipeline(), p -> new ArrayDeque<>()).add(pending);
        }
        List<Long> sent = new ArrayList<>();
        RuntimeException failure = null;
        try {
            while (!queues.isEmpty()) {
                Map<Pending, Future<RecordMetadata>> round = new LinkedHashMap<>();
                for (Deque<Pending> queue : queues.values()) {
                    Pending next = queue.peek();
                    round.put(next, producer.send(record(next)));
                }
                for (Map.Entry<Pending, Future<RecordMetadata>> ack : round.entrySet()) {
                    String pipeline = ack.getKey().pipeline();
                    try {
                        ack.getValue().get();
                        sent.add(ack.getKey().seq());
                        queues.get(pipeline).poll();
                        if (queues.get(pipeline).isEmpty()) {
                            queues.remove(pipeline);
                        }
                    } catch (ExecutionException e) {
                        queues.remove(pipeline);
                        failure = e.getCause() instanceof RuntimeException cause ? cause : new KafkaException(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new KafkaException("interrupted");
        } finally {
            lease.markSent(sent, clock.instant());
        }
        if (failure != null) {
            throw new PublishException((batch.size() - sent.size()) + " of " + batch.size()
                    + " events not acknowledged: " + failure.getMessage());
        }
    }

    private ProducerRecord<String, byte[]> record(Pending pending) {
        CloudEvent event = FORMAT.deserialize(pending.event().getBytes(StandardCharsets.UTF_8));
        return KafkaMessageFactory.createWriter(settings.topic(), null, null, pending.pipeline())
                .writeStructured(event, FORMAT);
    }

    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        int deleted = outbox.prune(now.minus(settings.retention()), !settings.publishes());
        if (deleted > 0) {
            LOG.info("Events outbox: deleted {} events older than {}", deleted, settings.retention());
        }
    }

    private void dropProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                // A producer that cannot close cleanly is gone all the same.
            }
            producer = null;
        }
    }

    private void dropLease() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops publishing and gives up the lease, so that another server's relay takes over. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropProducer();
        dropLease();
    }

    /** Events the broker did not acknowledge. */
    private static final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishException(String message) {
            super(message);
        }
    }
}
