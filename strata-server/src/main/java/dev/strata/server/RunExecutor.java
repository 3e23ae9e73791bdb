package dev.strata.server;

import dev.strata.core.spec.Durations;
import dev.strata.server.backends.EngineRequest;
import dev.strata.server.backends.EngineRun;
import dev.strata.server.backends.RunBackend;
import dev.strata.server.backends.RunBackends;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository;
import dev.strata.store.RunRepository;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts queued runs, each on its pipeline's executor back-end ({@link RunBackends}: a child JVM, spark-submit or an
 * Argo Workflow), at most {@code STRATA_MAX_CONCURRENT_RUNS} at once. The queue lives in the store: a run is claimed by
 * one atomic update, and the store refuses a second running run of a pipeline, so two servers on one database never
 * write one pipeline at once.
 *
 * <p>Each run's output goes to its own log file. A run's engine is stopped (with all it started) when cancelled or past
 * its timeout. A run whose engine crashed, with no summary, is retried with exponential backoff. Runs left running by a
 * server that stopped beating are failed or queued again, per {@code STRATA_ORPHANED_RUNS}.
 */
final class RunExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** A server that has not beaten for this long is taken for dead, and its running runs for orphans. */
    static final Duration STALE = Duration.ofSeconds(30);

    private final MetadataStore store;
    private final ServerSettings settings;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final RunBackends backends;
    private final String serverId =
            "srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String host = hostName();
    /** The runs this server runs, by id: a claimed run holds its slot before its engine starts. */
    private final Map<String, AtomicReference<EngineRun>> active = new ConcurrentHashMap<>();

    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("strata-scheduler"));
    private final ExecutorService workers;
    private final AtomicBoolean dispatching = new AtomicBoolean();
    private volatile boolean closed;

    RunExecutor(
            MetadataStore store,
            ServerSettings settings,
            ServerMetrics metrics,
            Clock clock,
            Map<String, String> serverEnvironment) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(settings.maxConcurrentRuns(), daemon("strata-run"));
        this.backends = RunBackends.fromEnvironment(settings, serverEnvironment);
    }

    /** Recovers what a previous server left running, then starts taking runs from the queue. */
    void start() {
        runs().heartbeat(serverId, host, clock.instant());
        recoverOrphans();
        scheduler.scheduleWithFixedDelay(guarded(this::dispatch), 0, 250, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                guarded(() -> runs().heartbeat(serverId, host, clock.instant())),
                HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded(this::recoverOrphans), 10, 10, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(guarded(this::killCancelled), 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
                guarded(() -> metrics.runCounts(store.runListing().countByState())), 0, 2, TimeUnit.SECONDS);
    }

    /** Looks at the queue now rather than at the next tick. */
    void wake() {
        if (!closed) {
            scheduler.execute(guarded(this::dispatch));
        }
    }

    /** Stops the run's engine when this server runs it; the run then ends as cancelled. */
    void cancel(String runId) {
        cancelled.add(runId);
        EngineRun engine =
                Optional.ofNullable(active.get(runId)).map(AtomicReference::get).orElse(null);
        if (engine != null) {
            LOG.info("Cancelling run {}", runId);
            // Off the caller's thread: an engine may take its grace period to stop.
            CompletableFuture.runAsync(engine::kill);
        }
    }

    /** The file a run's output goes to. */
    Path logFile(String runId) {
        return runDirectory(runId).resolve("run.log");
    }

    private Path runDirectory(String runId) {
        return settings.dataDirectory().resolve("runs").resolve(runId);
    }

    private void dispatch() {
        if (closed || !dispatching.compareAndSet(false, true)) {
            return;
        }
        try {
            while (!closed && active.size() < settings.maxConcurrentRuns()) {
                Optional<StoredRun> claimed = runs().claimNext(serverId, clock.instant());
                if (claimed.isEmpty()) {
                    return;
                }
                StoredRun run = claimed.get();
                // Registered before the worker starts, so the next pass sees the slot taken.
                active.put(run.id(), new AtomicReference<>());
                workers.execute(guarded(() -> execute(run)));
            }
        } finally {
            dispatching.set(false);
        }
    }

    private void execute(StoredRun run) {
        Instant started = clock.instant();
        try {
            Optional<PipelineRepository.StoredPipeline> pipeline =
                    store.pipelines().find(run.pipeline());
            Optional<PipelineRepository.Version> version = store.pipelines().version(run.pipeline(), run.version());
            if (pipeline.isEmpty() || version.isEmpty()) {
                end(run, State.FAILED, null, "the pipeline was deleted before the run started", null, started);
                return;
            }
            Path directory = runDirectory(run.id());
            Files.createDirectories(directory);
            Path yaml = directory.resolve("pipeline.yaml");
            Files.writeString(yaml, version.get().yaml(), StandardCharsets.UTF_8);
            Path summaryFile = directory.resolve("summary-" + run.attempt() + ".json");
            // A posted pipeline's own folder exists from its first run on.
            Path baseDir = Files.createDirectories(Path.of(pipeline.get().baseDir()));
            RunBackend backend = backends.of(run.pipeline());
            EngineRun engine;
            try {
                engine = backend.start(new EngineRequest(
                        run,
                        version.get().yaml(),
                        yaml,
                        baseDir,
                        summaryFile,
                        logFile(run.id()),
                        store.runConnection(run.id())));
            } catch (IOException e) {
                end(run, State.FAILED, null, e.getMessage(), null, started);
                return;
            }
            active.get(run.id()).set(engine);
            runs().started(run.id(), engine.pid());
            LOG.info("Run {} of {} v{} started on {}", run.id(), run.pipeline(), run.version(), backend.name());
            if (cancelled.contains(run.id())) {
                engine.kill();
            }
            String pipelineTimeout =
                    timeoutOf(version.get().yaml(), pipeline.get().baseDir());
            Duration timeout = pipelineTimeout == null ? settings.runTimeout() : Durations.parse(pipelineTimeout);
            OptionalInt exited = engine.awaitExit(timeout);
            if (exited.isEmpty()) {
                engine.kill();
                String limit = pipelineTimeout == null
                        ? settings.runTimeout().toSeconds() + "s (STRATA_RUN_TIMEOUT)"
                        : pipelineTimeout + " (the pipeline's timeout)";
                OptionalInt killed = engine.awaitExit(EngineRun.KILL_GRACE);
                end(
                        run,
                        State.FAILED,
                        killed.isPresent() ? killed.getAsInt() : null,
                        "timed out after " + limit,
                        RunSummary.read(summaryFile),
                        started);
                return;
            }
            int exit = exited.getAsInt();
            RunSummary summary = RunSummary.read(summaryFile);
            if (closed && !cancelled.contains(run.id())) {
                settleStopped(run, started);
            } else if (cancelled.contains(run.id()) || cancelRequested(run.id())) {
                end(run, State.CANCELLED, exit, "cancelled while running", summary, started);
            } else if (exit == 0) {
                end(run, State.SUCCEEDED, exit, null, summary, started);
            } else if (EngineExit.crashed(exit, summary) && run.attempt() <= settings.maxRetries()) {
                Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(run.attempt() - 1, 16));
                String message = "the engine crashed (exit code " + exit + "); attempt " + (run.attempt() + 1)
                        + " starts in " + backoff.toSeconds() + "s";
                LOG.warn("Run {}: {}", run.id(), message);
                runs().requeue(run.id(), message, clock.instant().plus(backoff));
            } else {
                String why = engine.failure().orElseGet(() -> EngineExit.failure(exit, summary));
                end(run, State.FAILED, exit, why, summary, started);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("Run {} could not be executed", run.id(), e);
            end(run, State.FAILED, null, "the server could not run it: " + e.getMessage(), null, started);
        } finally {
            active.remove(run.id());
            cancelled.remove(run.id());
            wake();
        }
    }

    /** The pipeline's own {@code timeout:}, or null; a version the validator refuses has none (its run says why). */
    private static String timeoutOf(String yaml, String baseDir) {
        try {
            return PipelineYaml.parse(yaml, Path.of(baseDir).resolve("pipeline.yaml"))
                    .spec()
                    .timeout();
        } catch (dev.strata.core.error.StrataException e) {
            return null;
        }
    }

    private boolean cancelRequested(String runId) {
        return runs().find(runId).map(StoredRun::cancelRequested).orElse(false);
    }

    private void end(StoredRun run, State state, Integer exit, String message, RunSummary summary, Instant started) {
        Instant now = clock.instant();
        boolean ended = runs().finish(
                        run.id(),
                        state,
                        exit,
                        message,
                        summary == null ? null : summary.json(),
                        summary == null ? List.of() : summary.outcomes(),
                        now);
        if (ended) {
            metrics.finished(run.pipeline(), state, Duration.between(started, now), summary, now);
            LOG.info(
                    "Run {} of {} {}{}",
                    run.id(),
                    run.pipeline(),
                    state.label(),
                    message == null ? "" : ": " + message);
        }
    }

    /** A run this server killed as it stopped: queued again or failed, as STRATA_ORPHANED_RUNS says. */
    private void settleStopped(StoredRun run, Instant started) {
        String message = "the server stopped while it ran";
        if (settings.requeueOrphans()) {
            runs().requeue(run.id(), message + "; queued again", clock.instant());
        } else {
            end(run, State.FAILED, null, message, null, started);
        }
    }

    /** Kills the runs other servers asked to cancel, and those asked here while their process was starting. */
    private void killCancelled() {
        for (String id : runs().cancelRequested(serverId)) {
            if (!cancelled.contains(id)) {
                cancel(id);
            }
        }
    }

    private void recoverOrphans() {
        Instant now = clock.instant();
        for (StoredRun orphan : runs().orphans(serverId, now.minus(STALE))) {
            backends.all().forEach(backend -> backend.killLeftover(orphan));
            if (settings.requeueOrphans() && !orphan.cancelRequested()) {
                if (runs().requeue(orphan.id(), "its server stopped while it ran; queued again", now)) {
                    LOG.warn(
                            "Run {} of {} was left running by a stopped server: queued again",
                            orphan.id(),
                            orphan.pipeline());
                }
            } else if (runs().failOrphan(orphan.id(), "its server stopped while it ran", now)) {
                metrics.finished(orphan.pipeline(), State.FAILED, Duration.ZERO, null, now);
                LOG.warn("Run {} of {} was left running by a stopped server: failed", orphan.id(), orphan.pipeline());
            }
        }
    }

    /**
     * Stops taking runs and stops the engines running here, whose runs end failed, or queued again with {@code
     * STRATA_ORPHANED_RUNS=requeue}.
     */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        for (AtomicReference<EngineRun> running : active.values()) {
            EngineRun engine = running.get();
            if (engine != null) {
                engine.kill();
            }
        }
        // Each worker sees its engine gone and settles its run (settleStopped); one stuck past this is interrupted,
        // and the next server's orphan recovery settles its run.
        workers.shutdown();
        try {
            if (!workers.awaitTermination(EngineRun.KILL_GRACE.toSeconds() + 5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            backends.close();
        }
    }

    private RunRepository runs() {
        return store.runs();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Run executor task failed", e);
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
