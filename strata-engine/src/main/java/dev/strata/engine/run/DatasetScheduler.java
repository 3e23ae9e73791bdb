package dev.strata.engine.run;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.spec.DatasetName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a plan's datasets as a DAG: each starts as soon as the datasets it reads that the plan builds are done, up to
 * {@code maxParallel} at once, in plan order among those ready. With 1 they run one after another on the calling
 * thread, in plan order. Starts and outcomes are reported on the calling thread; results come back in plan order.
 *
 * <p>Each dataset's Spark jobs carry the run id and the dataset's name as local properties ({@link #RUN_PROPERTY},
 * {@link #DATASET_PROPERTY}) and run in a FAIR scheduler pool of their own, so one large dataset does not starve the
 * others. Datasets built at once each get a clone of the session: settings a step changes for a moment (Delta's
 * transaction id for a MERGE, a temporary view) are the session's, and must not leak into another dataset's work.
 */
final class DatasetScheduler {
    /** The local property that names the run a Spark job belongs to. */
    static final String RUN_PROPERTY = "strata.run";
    /** The local property that names the dataset a Spark job belongs to. */
    static final String DATASET_PROPERTY = "strata.dataset";
    /** Spark's local property for a job's FAIR scheduler pool. */
    static final String POOL_PROPERTY = "spark.scheduler.pool";

    /** What the runner does around each dataset. */
    interface Hooks {
        /** The dataset starts, the {@code index}-th to start; on the calling thread. */
        void started(DatasetPlan dataset, int index);

        /** Builds the dataset on {@code session}; on a thread of its own when datasets run at once. */
        DatasetResult build(DatasetPlan dataset, SparkSession session);

        /** The dataset is done; on the calling thread, in the order datasets finish. */
        void finished(DatasetPlan dataset, DatasetResult result);
    }

    private record Done(DatasetPlan dataset, DatasetResult result, Throwable failure) {}

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SparkSession spark;
    private final String runId;
    private final int maxParallel;

    DatasetScheduler(SparkSession spark, String runId, int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("max_parallel must be at least 1, not " + maxParallel);
        }
        this.spark = spark;
        this.runId = runId;
        this.maxParallel = maxParallel;
    }

    /** {@code datasets} to build at once as {@code --max-parallel} gives it (null: not given), refused below 1. */
    static Integer checkParallel(Integer datasets) {
        if (datasets != null && datasets < 1) {
            throw new dev.strata.core.error.StrataException(
                    dev.strata.core.error.ErrorCode.INVALID_SPEC,
                    "Cannot run with --max-parallel " + datasets + ": it must be at least 1 (1 builds one dataset at"
                            + " a time, in plan order)");
        }
        return datasets;
    }

    /** How many datasets to build at once: {@code given} ({@code --max-parallel}), else {@code declared}, else cores. */
    static int parallel(Integer given, Integer declared) {
        if (given != null) {
            return given;
        }
        return declared != null ? declared : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Builds {@code datasets} (in a topological order) and returns their results in that order. */
    List<DatasetResult> run(List<DatasetPlan> datasets, Hooks hooks) {
        if (maxParallel == 1 || datasets.size() < 2) {
            List<DatasetResult> results = new ArrayList<>();
            int index = 0;
            for (DatasetPlan dataset : datasets) {
                hooks.started(dataset, ++index);
                DatasetResult result = inScope(dataset, () -> hooks.build(dataset, spark));
                results.add(result);
                hooks.finished(dataset, result);
            }
            return results;
        }
        return concurrently(datasets, hooks);
    }

    private List<DatasetResult> concurrently(List<DatasetPlan> datasets, Hooks hooks) {
        Set<DatasetName> planned = new HashSet<>();
        datasets.forEach(d -> planned.add(d.name()));
        Map<DatasetName, DatasetResult> done = new HashMap<>();
        List<DatasetPlan> waiting = new ArrayList<>(datasets);
        Set<DatasetName> running = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxParallel, datasets.size()), task -> {
            Thread thread = new Thread(task, "strata-dataset-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        CompletionService<Done> completions = new ExecutorCompletionService<>(pool);
        Throwable failure = null;
        int started = 0;
        try {
            while (true) {
                for (Iterator<DatasetPlan> it = waiting.iterator();
                        failure == null && it.hasNext() && running.size() < maxParallel; ) {
                    DatasetPlan dataset = it.next();
                    if (dataset.upstream().stream().anyMatch(u -> planned.contains(u) && !done.containsKey(u))) {
                        continue;
                    }
                    it.remove();
                    running.add(dataset.name());
                    hooks.started(dataset, ++started);
                    completions.submit(() -> buildAlone(dataset, hooks));
                }
                if (running.isEmpty()) {
                    if (failure == null && !waiting.isEmpty()) {
                        throw new IllegalStateException("no dataset of " + waiting + " can start: not a DAG order");
                    }
                    break;
                }
                Done finished = completions.take().get();
                running.remove(finished.dataset().name());
                if (finished.failure() != null) {
                    // Only a failure that ends the run escapes a build (an invalid spec, an unsupported key): start
                    // nothing more, let what runs finish, then end the run as a sequential run would.
                    failure = failure != null ? failure : finished.failure();
                    continue;
                }
                done.put(finished.dataset().name(), finished.result());
                hooks.finished(finished.dataset(), finished.result());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(name -> spark.sparkContext().cancelJobGroup(jobGroup(name.toString())));
            throw new IllegalStateException("Interrupted while building " + running, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // buildAlone catches everything
        } finally {
            pool.shutdownNow();
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
        List<DatasetResult> results = new ArrayList<>();
        datasets.forEach(d -> results.add(done.get(d.name())));
        return results;
    }

    /** Builds one dataset on a thread of the pool, in a clone of the session. */
    private Done buildAlone(DatasetPlan dataset, Hooks hooks) {
        // Scala's package-private cloneSession is public to Java: a new SQL conf, temporary views and function
        // registry, copied from the run's session (a restricted session's locks included), on the same SparkContext.
        SparkSession session = spark.cloneSession();
        SparkSession.setActiveSession(session);
        try {
            return new Done(dataset, inScope(dataset, () -> hooks.build(dataset, session)), null);
        } catch (Throwable e) {
            return new Done(dataset, null, e);
        } finally {
            SparkSession.clearActiveSession();
        }
    }

    /** Runs one dataset's work with its Spark jobs tagged and pooled, restoring the thread's properties after. */
    private <T> T inScope(DatasetPlan dataset, java.util.function.Supplier<T> work) {
        SparkContext context = spark.sparkContext();
        String name = dataset.name().toString();
        Map<String, String> previous = new HashMap<>();
        for (String key : List.of(RUN_PROPERTY, DATASET_PROPERTY, POOL_PROPERTY, "spark.jobGroup.id")) {
            previous.put(key, context.getLocalProperty(key));
        }
        String description = context.getLocalProperty("spark.job.description");
        String interrupt = context.getLocalProperty("spark.job.interruptOnCancel");
        context.setLocalProperty(RUN_PROPERTY, runId);
        context.setLocalProperty(DATASET_PROPERTY, name);
        context.setLocalProperty(POOL_PROPERTY, name);
        context.setJobGroup(jobGroup(name), name, false);
        try {
            return work.get();
        } finally {
            previous.forEach(context::setLocalProperty);
            context.setLocalProperty("spark.job.description", description);
            context.setLocalProperty("spark.job.interruptOnCancel", interrupt);
        }
    }

    private String jobGroup(String dataset) {
        return "strata:" + runId + ":" + dataset;
    }
}
