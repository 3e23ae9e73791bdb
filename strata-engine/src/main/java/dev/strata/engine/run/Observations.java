package dev.strata.engine.run;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.sql.Observation;

/**
 * The Spark observations of one run: unique names, and bounded waits for their metrics. One instance per run, so its
 * counters describe that run alone.
 */
final class Observations {
    private static final long WAIT_SECONDS = 5;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Observations.class);

    private final String runId;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();

    Observations(String runId) {
        this.runId = runId;
    }

    /** A new observation; names must be unique within a query, and the run id keeps them unique within the JVM. */
    Observation create(String kind, String dataset) {
        return new Observation("strata:" + kind + ":" + dataset + ":" + runId + ":" + created.incrementAndGet());
    }

    /** How often an observation was not reported and the batch was measured again: a pass the write should have saved. */
    long fallbacks() {
        return fallbacks.get();
    }

    /**
     * The observation's metrics, which the job that just ran delivers through a listener, normally within
     * milliseconds. Spark never delivers them when the optimizer turned the observed plan into an empty relation, or
     * when the write read the batch through a plan the observation is not part of, and {@link Observation#get} would
     * then wait forever: after a bounded wait, aggregate again instead.
     */
    Map<String, Object> await(Observation observation, Supplier<Map<String, Object>> recount) {
        ExecutorService waiter = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "strata-observation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return waiter.submit(observation::getAsJava).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fallbacks.incrementAndGet();
            LOG.warn("Spark did not report observation {} after the write; measuring again", observation.name());
            return recount.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading row counts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot read row counts: " + e.getCause().getMessage(), e.getCause());
        } finally {
            // Interrupts a wait that will never end.
            waiter.shutdownNow();
        }
    }
}
