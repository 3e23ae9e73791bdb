package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.report.MetricTrend;
import dev.strata.core.quality.report.QualityReport;
import dev.strata.core.quality.report.QualityReports;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.ledger.FileLedger;
import dev.strata.engine.run.TableLocations;
import dev.strata.store.MetadataStore;
import dev.strata.store.MetricsRepository;
import dev.strata.store.StoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata quality report FILE [RUN_ID | --latest] [--output PATH]}: one run's quality, or each dataset's as the
 * latest run that built it left it, as a self-contained HTML page, and its JSON twin next to it.
 */
@Command(
        name = "report",
        description = "Write a quality report (of each dataset's latest run, or of one run): a self-contained HTML page"
                + " and a JSON twin next to it.")
final class QualityReportCommand implements Callable<Integer> {
    /** Quarantined rows shown per dataset; the report says how many there were in all. */
    static final int SAMPLE_ROWS = 20;

    @Mixin
    PipelineFile pipelineFile;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "RUN_ID",
            description = "The run: the datasets it built (default: --latest).")
    String runId;

    @Option(
            names = "--latest",
            description = "Each dataset as the latest run that built it left it, so a run of some datasets (--only)"
                    + " leaves the others' reports as they were (the default).")
    boolean latest;

    @Option(
            names = "--output",
            paramLabel = "PATH",
            description = "The HTML file (default: strata-quality-<run>.html); the JSON goes next to it.")
    Path output;

    @Mixin
    SparkOptions spark;

    @Mixin
    RoleOption role;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (latest && runId != null) {
            throw new StrataException(ErrorCode.INVALID_SPEC, "Give a RUN_ID or --latest, not both");
        }
        Pipeline pipeline = pipelineFile.load();
        String name = pipeline.spec().name();
        try (MetadataStore store = MetadataStore.open(StoreSettings.fromEnvironment(System.getenv()))) {
            MetricsRepository metrics = store.metrics();
            List<DatasetMetrics> recorded =
                    runId != null ? metrics.run(name, runId) : latestOfEachDataset(metrics, pipeline);
            if (recorded.isEmpty()) {
                throw new StrataException(
                        ErrorCode.NOT_FOUND,
                        runId != null
                                ? "Run " + runId + " of " + name + " recorded no metrics in " + store.describe()
                                        + " (strata quality report " + pipelineFile.file.getFileName()
                                        + " --latest reports the latest run of each dataset)"
                                : "No run of " + name + " has recorded metrics in " + store.describe()
                                        + " (run the pipeline first: strata run "
                                        + pipelineFile.file.getFileName() + ")");
            }
            warnUnreadable(recorded);
            String run = runId != null ? runId : newest(recorded);
            Map<String, String> runs = new LinkedHashMap<>();
            recorded.forEach(dataset -> runs.put(dataset.dataset(), dataset.runId()));
            SparkSession session = spark.start("strata quality report", pipeline);
            QualityReport report;
            try {
                RunResult result = runId != null
                        ? runResult(session, pipeline, run, recorded)
                        : latestResults(session, pipeline, run, recorded);
                report = QualityReports.of(
                        result,
                        runs,
                        trends(metrics, pipeline, recorded),
                        samples(session, pipeline, result, runs, role.role()),
                        Instant.now());
            } finally {
                session.stop();
            }
            Path html = output != null ? output : Path.of("strata-quality-" + run + ".html");
            Path json = html.resolveSibling(baseName(html) + ".json");
            write(html, QualityReports.toHtml(report));
            write(json, QualityReports.toJson(report));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    java.util.Locale.ROOT,
                    "Quality report of %s: %s (%d rules passed, %d warned, %d failed, %d anomalies)%n  %s%n  %s%n",
                    new LinkedHashSet<>(runs.values()).size() > 1
                            ? "each dataset's latest run (" + String.join(", ", new LinkedHashSet<>(runs.values()))
                                    + ")"
                            : "run " + run,
                    report.status(),
                    report.summary().rulesPassed(),
                    report.summary().rulesWarned(),
                    report.summary().rulesFailed(),
                    report.summary().anomalies(),
                    html.toAbsolutePath(),
                    json.toAbsolutePath());
            out.flush();
        }
        return 0;
    }

    /** One line per metric whose stored state could not be read: the report goes on with the metric's value. */
    private void warnUnreadable(List<DatasetMetrics> recorded) {
        PrintWriter err = spec.commandLine().getErr();
        for (DatasetMetrics dataset : recorded) {
            dataset.metrics().stream()
                    .filter(m -> m.state().containsKey(MetricValue.UNREADABLE))
                    .forEach(m -> err.printf(
                            java.util.Locale.ROOT,
                            "Warning: %s %s: %s (the report shows its value; its state is unreadable)%n",
                            dataset.dataset(),
                            m.key(),
                            m.state().get(MetricValue.UNREADABLE)));
        }
        err.flush();
    }

    /**
     * The metrics of each dataset of the pipeline file from the latest run that recorded them, in the order the
     * pipeline builds them.
     */
    static List<DatasetMetrics> latestOfEachDataset(MetricsRepository metrics, Pipeline pipeline) {
        String name = pipeline.spec().name();
        Map<String, String> latestRuns = metrics.latestRuns(name);
        Map<String, List<DatasetMetrics>> byRun = new LinkedHashMap<>();
        List<DatasetMetrics> recorded = new ArrayList<>();
        for (DatasetPlan plan : Planner.plan(pipeline.spec()).datasets()) {
            String dataset = plan.name().toString();
            String run = latestRuns.get(dataset);
            if (run != null) {
                byRun.computeIfAbsent(run, r -> metrics.run(name, r)).stream()
                        .filter(m -> m.dataset().equals(dataset))
                        .forEach(recorded::add);
            }
        }
        return recorded;
    }

    /** The run that recorded metrics last. */
    private static String newest(List<DatasetMetrics> recorded) {
        return recorded.stream()
                .max(Comparator.comparing(DatasetMetrics::recordedAt))
                .orElseThrow()
                .runId();
    }

    /**
     * Each dataset's outcome in the latest run that built it, from that run's record in the ledger (or rebuilt from
     * what it stored in the metadata store), as one result named after the newest of those runs and spanning them all.
     */
    private static RunResult latestResults(
            SparkSession session, Pipeline pipeline, String newest, List<DatasetMetrics> recorded) {
        FileLedger ledger = new FileLedger(
                pipeline.spec().storage().root(), session.sparkContext().hadoopConfiguration());
        Map<String, Optional<RunResult>> records = new HashMap<>();
        List<DatasetResult> datasets = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (DatasetMetrics dataset : recorded) {
            RunResult record = records.computeIfAbsent(dataset.runId(), run -> Optional.ofNullable(ledger.run(run)))
                    .orElse(null);
            DatasetResult result = record == null
                    ? null
                    : record.datasets().stream()
                            .filter(d -> d.dataset().equals(dataset.dataset()))
                            .findFirst()
                            .orElse(null);
            datasets.add(result != null ? result : rebuilt(dataset));
            Instant started = record != null && record.startedAt() != null ? record.startedAt() : dataset.recordedAt();
            Instant finished =
                    record != null && record.finishedAt() != null ? record.finishedAt() : dataset.recordedAt();
            first = first == null || started.isBefore(first) ? started : first;
            last = last == null || finished.isAfter(last) ? finished : last;
        }
        return new RunResult(newest, pipeline.spec().name(), RunResult.overall(datasets), first, last, 0, datasets);
    }

    /** The run's record from the ledger; when it is gone, one rebuilt from what the run stored in the metadata store. */
    private static RunResult runResult(
            SparkSession session, Pipeline pipeline, String run, List<DatasetMetrics> recorded) {
        RunResult result = new FileLedger(
                        pipeline.spec().storage().root(), session.sparkContext().hadoopConfiguration())
                .run(run);
        if (result != null) {
            return result;
        }
        List<DatasetResult> datasets = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (DatasetMetrics dataset : recorded) {
            datasets.add(rebuilt(dataset));
            first = first == null || dataset.recordedAt().isBefore(first) ? dataset.recordedAt() : first;
            last = last == null || dataset.recordedAt().isAfter(last) ? dataset.recordedAt() : last;
        }
        return new RunResult(run, pipeline.spec().name(), RunResult.overall(datasets), first, last, 0, datasets);
    }

    /** A dataset's outcome rebuilt from what its run stored in the metadata store, when the run record is gone. */
    private static DatasetResult rebuilt(DatasetMetrics dataset) {
        Map<String, Double> values = new LinkedHashMap<>();
        dataset.metrics().forEach(m -> values.put(m.key().toString(), m.value()));
        boolean failed = dataset.rules().stream().anyMatch(r -> r.status() == dev.strata.core.run.RuleStatus.FAILED);
        return new DatasetResult(
                dataset.dataset(),
                failed ? dev.strata.core.run.RunStatus.FAILED : dev.strata.core.run.RunStatus.SUCCEEDED,
                values.getOrDefault("rows_in", 0.0).longValue(),
                0,
                values.getOrDefault("row_count", 0.0).longValue(),
                values.getOrDefault("rows_quarantined", 0.0).longValue(),
                values.getOrDefault("rows_dropped", 0.0).longValue(),
                dataset.rules(),
                List.of(),
                List.of(),
                0,
                "rebuilt from the metadata store: the run record is gone from the storage");
    }

    /** Per dataset: what {@link QualityReports#trends} charts. */
    private static Map<String, List<MetricTrend>> trends(
            MetricsRepository metrics, Pipeline pipeline, List<DatasetMetrics> recorded) {
        Map<String, List<MetricTrend>> trends = new LinkedHashMap<>();
        for (DatasetMetrics dataset : recorded) {
            trends.put(
                    dataset.dataset(),
                    QualityReports.trends(
                            metrics,
                            pipeline.spec().name(),
                            dataset.dataset(),
                            pipeline.spec().datasets().get(dataset.dataset()),
                            dataset.rules()));
        }
        return trends;
    }

    /**
     * Up to {@link #SAMPLE_ROWS} of each dataset's quarantined rows from the run that built it ({@code runs}, else
     * {@code run}), read from its quarantine table.
     */
    private static Map<String, QuarantineSample> samples(
            SparkSession session, Pipeline pipeline, RunResult run, Map<String, String> runs, String role) {
        Map<String, QuarantineSample> samples = new LinkedHashMap<>();
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        var plans = Planner.plan(pipeline.spec()).datasets();
        locations.registerAll(session, plans);
        dev.strata.engine.access.Masking.restrictAll(session, locations, plans, role);
        for (DatasetResult dataset : run.datasets()) {
            if (dataset.rowsQuarantined() == 0) {
                continue;
            }
            String table = DatasetName.parse(dataset.dataset()).quarantine().toString();
            if (!session.catalog().tableExists(table)) {
                continue;
            }
            var rows = session.table(table)
                    .filter(org.apache
                            .spark
                            .sql
                            .functions
                            .col("_run_id")
                            .equalTo(runs.getOrDefault(dataset.dataset(), run.runId())))
                    .limit(SAMPLE_ROWS);
            List<String> columns = List.of(rows.columns());
            List<List<String>> values = new ArrayList<>();
            for (Row row : rows.collectAsList()) {
                values.add(dev.strata.engine.access.QuarantineSamples.cells(row));
            }
            samples.put(dataset.dataset(), new QuarantineSample(table, columns, values, dataset.rowsQuarantined()));
        }
        return samples;
    }

    private static String baseName(Path html) {
        String file = html.getFileName().toString();
        return file.endsWith(".html") ? file.substring(0, file.length() - ".html".length()) : file;
    }

    private static void write(Path path, String text) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + path, e);
        }
    }
}
