package dev.strata.server.triggers;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.store.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's triggers (docs/events.md, "Triggers"): the Kafka consumer group of kafka and dataset triggers, on its
 * own thread when {@code KAFKA_BOOTSTRAP_SERVERS} is set, and the poller of files triggers. Runs they start go on the
 * store's queue, as the API's do, and {@code wake} tells the executor.
 */
public final class Triggers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

    private final TriggerSettings settings;
    private final WatchedTriggers watched;
    private final TriggeredRuns runs;
    private final MetadataStore store;
    private final Clock clock;
    private final BiFunction<String, Path, List<String>> allowedRoots;
    private final ScheduledExecutorService files = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "strata-file-triggers");
        thread.setDaemon(true);
        return thread;
    });
    private final KafkaTriggers kafka;
    private Thread kafkaThread;

    /**
     * @param allowedRoots where a pipeline's runs may read (by pipeline name and folder): a files trigger watches a
     *     folder only under them
     */
    public Triggers(
            TriggerSettings settings,
            MetadataStore store,
            Runnable wake,
            BiFunction<String, Path, List<String>> allowedRoots,
            Clock clock) {
        this.settings = settings;
        this.allowedRoots = allowedRoots;
        this.store = store;
        this.clock = clock;
        this.watched = new WatchedTriggers(store);
        this.runs = new TriggeredRuns(store, watched, wake, clock);
        this.kafka = kafkaTriggers(settings, clock);
    }

    private KafkaTriggers kafkaTriggers(TriggerSettings settings, Clock clock) {
        if (settings.bootstrapServers() == null || settings.bootstrapServers().isBlank()) {
            return null;
        }
        try {
            return new KafkaTriggers(settings, watched, runs, clock);
        } catch (KafkaException e) {
            // Before the server listens: a bad address stops it with this message, not a half-started server.
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "KAFKA_BOOTSTRAP_SERVERS=" + settings.bootstrapServers() + " is not valid for the triggers'"
                            + " consumer: " + Messages.firstLine(e)
                            + " (set host:port of the brokers, comma-separated)");
        }
    }

    /** Starts watching. */
    public void start() {
        long poll = settings.poll().toMillis();
        files.scheduleWithFixedDelay(
                new FileTriggers(watched, runs, store.triggers(), allowedRoots, clock), 0, poll, TimeUnit.MILLISECONDS);
        if (kafka == null) {
            boolean needed = watched.reload().stream().anyMatch(t -> t.kind() != TriggerSpec.Kind.FILES);
            if (needed) {
                LOG.warn("KAFKA_BOOTSTRAP_SERVERS is not set: kafka and dataset triggers start no run");
            }
            return;
        }
        kafkaThread = new Thread(kafka, "strata-kafka-triggers");
        kafkaThread.setDaemon(true);
        kafkaThread.start();
    }

    @Override
    public void close() {
        files.shutdownNow();
        if (kafka != null) {
            kafka.stop();
            try {
                kafkaThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            files.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
