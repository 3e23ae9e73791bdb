package dev.strata.server;

import dev.strata.store.RunRepository;
import dev.strata.store.RunRepository.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's Prometheus metrics, all named {@code strata_*} with pipeline (and dataset) labels, beside the JVM and
 * process metrics. Runs report their counts when they finish, from the engine's summary, so a run shorter than the
 * scrape interval is still counted.
 */
final class ServerMetrics {
    /** The names the server exports, as Prometheus sees them (dashboards and alerts are checked against this list). */
    static final String EXECUTION_SECONDS = "strata_pipeline_execution_seconds";

    static final String RECORDS = "strata_records";
    static final String QUALITY_SCORE = "strata_quality_score";
    static final String ANOMALIES = "strata_anomalies";
    static final String RUNS_FINISHED = "strata_runs_finished";
    static final String RUNS_FAILED = "strata_runs_failed";
    static final String RUNS = "strata_runs";
    static final String QUEUE_DEPTH = "strata_queue_depth";
    static final String LAST_SUCCESS = "strata_last_success_timestamp_seconds";
    static final String API_REQUESTS = "strata_api_requests";
    static final String EXPECTED_INTERVAL = "strata_pipeline_expected_interval_seconds";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<State, AtomicLong> runsByState = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicDouble> qualityScores = new ConcurrentHashMap<>();
    private final Map<String, Gauge> expectedIntervals = new ConcurrentHashMap<>();

    ServerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        for (State state : State.values()) {
            AtomicLong count = new AtomicLong();
            runsByState.put(state, count);
            Gauge.builder(RUNS, count, AtomicLong::get)
                    .description("Runs in the store, by state")
                    .tag("state", state.label())
                    .register(registry);
        }
        Gauge.builder(QUEUE_DEPTH, runsByState.get(State.QUEUED), AtomicLong::get)
                .description("Runs waiting to start")
                .register(registry);
    }

    /** Refreshes the run gauges from the store's counts. */
    void runCounts(Map<RunRepository.State, Long> counts) {
        counts.forEach((state, n) -> runsByState.get(state).set(n));
    }

    /**
     * Counts a finished run: its duration, state, records per dataset, quality scores and anomalies. A dataset's score
     * changes only when the run read rows for it or judged its rules.
     */
    void finished(String pipeline, State state, Duration took, RunSummary summary, Instant at) {
        Timer.builder(EXECUTION_SECONDS)
                .description("How long pipeline runs took, from start to end")
                .tag("pipeline", pipeline)
                .tag("state", state.label())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(6))
                .register(registry)
                .record(took);
        Counter.builder(RUNS_FINISHED)
                .description("Runs that ended, by state")
                .tag("pipeline", pipeline)
                .tag("state", state.label())
                .register(registry)
                .increment();
        Counter failed = Counter.builder(RUNS_FAILED)
                .description("Runs that failed")
                .tag("pipeline", pipeline)
                .register(registry);
        if (state == State.FAILED) {
            failed.increment();
        }
        if (state == State.SUCCEEDED) {
            lastSuccess
                    .computeIfAbsent(pipeline, p -> {
                        AtomicLong seconds = new AtomicLong();
                        Gauge.builder(LAST_SUCCESS, seconds, AtomicLong::get)
                                .description("When the pipeline last succeeded, in Unix seconds")
                                .tag("pipeline", p)
                                .register(registry);
                        return seconds;
                    })
                    .set(at.getEpochSecond());
        }
        if (summary == null) {
            return;
        }
        for (RunSummary.Dataset dataset : summary.datasets()) {
            String name = dataset.outcome().dataset();
            record(pipeline, dataset, "written", dataset.outcome().written());
            record(pipeline, dataset, "quarantined", dataset.outcome().quarantined());
            record(pipeline, dataset, "dropped", dataset.outcome().dropped());
            if (dataset.judged()) {
                // A run with no new input judges nothing: the last batch's score stands, failures included.
                qualityScores
                        .computeIfAbsent(pipeline + "\u0000" + name, key -> {
                            AtomicDouble score = new AtomicDouble();
                            Gauge.builder(QUALITY_SCORE, score, AtomicDouble::get)
                                    .description("Rules passed over rules in the dataset's last run that read rows"
                                            + " or judged rules")
                                    .tag("pipeline", pipeline)
                                    .tag("dataset", name)
                                    .register(registry);
                            return score;
                        })
                        .set(dataset.qualityScore());
            }
            Counter anomalies = Counter.builder(ANOMALIES)
                    .description("Anomalies the dataset's anomaly rules flagged")
                    .tag("pipeline", pipeline)
                    .tag("dataset", name)
                    .register(registry);
            anomalies.increment(dataset.anomalies());
        }
    }

    private void record(String pipeline, RunSummary.Dataset dataset, String outcome, long rows) {
        Counter.builder(RECORDS)
                .description("Rows by layer and outcome")
                .tag("pipeline", pipeline)
                .tag("dataset", dataset.outcome().dataset())
                .tag("layer", dataset.layer())
                .tag("outcome", outcome)
                .register(registry)
                .increment(rows);
    }

    /**
     * How often {@code pipeline} should succeed: the longest gap of its schedule. Empty removes the gauge (no schedule,
     * or the pipeline was deleted), so no alert waits for a run that is not expected.
     */
    void expectedInterval(String pipeline, java.util.Optional<Duration> interval) {
        Gauge old = expectedIntervals.remove(pipeline);
        if (old != null) {
            registry.remove(old);
        }
        interval.ifPresent(gap -> expectedIntervals.put(
                pipeline,
                Gauge.builder(EXPECTED_INTERVAL, () -> gap.toSeconds())
                        .description("The longest gap between two scheduled runs of the pipeline")
                        .tag("pipeline", pipeline)
                        .register(registry)));
    }

    /** Counts one API request. */
    void request(String method, String route, int status) {
        Counter.builder(API_REQUESTS)
                .description("API requests by route and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .register(registry)
                .increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    /** A double that gauges can read. */
    private static final class AtomicDouble {
        private volatile double value;

        double get() {
            return value;
        }

        void set(double value) {
            this.value = value;
        }
    }
}
