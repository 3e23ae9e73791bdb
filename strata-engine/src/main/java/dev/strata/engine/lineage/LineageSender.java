package dev.strata.engine.lineage;

import dev.strata.core.error.Messages;
import dev.strata.core.secret.Secrets;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.Transport;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's events in order on one background thread, so that a lineage server that is slow or down never holds
 * the run: each event is bounded by the transport's timeout, the queue by {@link #CAPACITY} events, and the run's end
 * waits at most the timeout for what is still queued. An event that cannot be sent is dropped and counted; the run
 * hears one warning, which names where events go but never a secret.
 */
final class LineageSender {
    /** More events than a run of a few hundred datasets queues at once; beyond it events are dropped, not waited for. */
    static final int CAPACITY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(LineageSender.class);

    private final OpenLineageClient client;
    private final String target;
    private final Duration timeout;
    private final ExecutorService executor;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    LineageSender(Transport transport, String target, Duration timeout) {
        this.client = new OpenLineageClient(transport);
        this.target = target;
        this.timeout = timeout;
        this.executor =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "strata-lineage");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    void send(OpenLineage.RunEvent event) {
        try {
            executor.execute(() -> {
                try {
                    client.emit(event);
                    sent.incrementAndGet();
                } catch (RuntimeException e) {
                    fail(e);
                }
            });
        } catch (RejectedExecutionException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        failed.incrementAndGet();
        if (firstFailure.compareAndSet(null, describe(e))) {
            LOG.warn("Cannot send OpenLineage events to {}: {}", target, firstFailure.get());
        }
    }

    /** The exception's class and first line, masked; its cause's when it only wraps one. */
    private static String describe(Throwable e) {
        Throwable shown = e.getCause() != null
                        && e.getMessage() != null
                        && e.getMessage().contains(e.getCause().getClass().getName())
                ? e.getCause()
                : e;
        // Secret values are masked, and so is a password a URL may carry in its user info.
        return Secrets.redact(shown.getClass().getSimpleName() + ": " + Messages.firstLine(shown))
                .replaceAll("//[^/@\\s]+@", "//");
    }

    /**
     * Waits at most the timeout for the queued events, then stops; returns a warning for the run when some events were
     * not sent, else null.
     */
    String close() {
        executor.shutdown();
        boolean drained;
        try {
            drained = executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        int unsent = drained ? 0 : executor.shutdownNow().size() + 1;
        Thread closer = new Thread(
                () -> {
                    try {
                        client.close();
                    } catch (Exception e) {
                        LOG.debug("Cannot close the OpenLineage transport: {}", describe(e));
                    }
                },
                "strata-lineage-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int lost = failed.get() + unsent;
        if (lost == 0) {
            return null;
        }
        String warning = "lineage: " + lost + " of " + (sent.get() + lost) + " OpenLineage events were not sent to "
                + target
                + (firstFailure.get() == null
                        ? " within " + timeout.toSeconds() + "s"
                        : " (" + firstFailure.get() + ")")
                + "; the run itself is not affected";
        // The log has had the first failure as it happened; the run shows this one line in its summary.
        return warning;
    }
}
