package dev.strata.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.core.auth.Role;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.run.RuleResult;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.server.Views.PipelineView;
import dev.strata.server.console.ConsoleViews.DatasetRow;
import dev.strata.server.console.ConsoleViews.PipelinePage;
import dev.strata.server.console.ConsoleViews.PipelineRow;
import dev.strata.server.console.ConsoleViews.RuleRow;
import dev.strata.server.console.ConsoleViews.RunPage;
import dev.strata.server.console.ConsoleViews.RunRow;
import dev.strata.server.console.GraphEdge;
import dev.strata.server.console.GraphNode;
import dev.strata.server.console.PipelineGraph;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.PipelineRepository.Version;
import dev.strata.store.RunRepository.DatasetOutcome;
import dev.strata.store.RunRepository.RunWithDatasets;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's read-only pages of pipelines and runs, as models for its templates: each is read with the API's own
 * checks ({@link ApiGuard#visiblePipeline}, {@link RunsApi#find}), so a page shows exactly what the API would return to
 * the same principal. Datasets' pages are {@link ConsoleDatasets}.
 */
final class ConsolePages {
    /** The runs a pipeline's page looks back over for each dataset's last outcome. */
    static final int RECENT_RUNS = 10;
    /** The end of a run's log its page shows. */
    private static final long LOG_TAIL_BYTES = 64 * 1024;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final MetadataStore store;
    private final ApiGuard guard;
    private final SchedulesApi schedules;
    private final RunsApi runs;
    /** Parsed pipelines by name and version: a version never changes, and parsing validates the whole file. */
    private final Cache<String, Parsed> parsed =
            Caffeine.newBuilder().maximumSize(256).build();

    ConsolePages(MetadataStore store, ApiGuard guard, SchedulesApi schedules, RunsApi runs) {
        this.store = store;
        this.guard = guard;
        this.schedules = schedules;
        this.runs = runs;
    }

    /** The pipelines the principal may see, with their last run, schedule and last run's quality score. */
    List<PipelineRow> pipelines(Context ctx) {
        Principal principal = ApiGuard.principal(ctx);
        List<StoredPipeline> visible = store.pipelines().list().stream()
                .filter(p -> principal.sees(p.name()))
                .toList();
        List<PipelineRow> rows = new ArrayList<>();
        for (PipelineView view : schedules.views(visible)) {
            StoredRun last = store.runListing().list(view.name(), null, null, 1, null).stream()
                    .findFirst()
                    .orElse(null);
            String schedule = view.schedule() == null
                    ? "-"
                    : view.schedule().cron() + (view.schedule().paused() ? " (paused)" : "");
            String next = view.nextFireTimes().isEmpty() || view.schedule().paused()
                    ? "-"
                    : time(view.nextFireTimes().get(0));
            rows.add(new PipelineRow(
                    view.name(),
                    view.version(),
                    last == null ? null : last.id(),
                    last == null ? "never" : last.state().label(),
                    last == null ? "-" : time(last.createdAt()),
                    schedule,
                    next,
                    last == null ? "-" : qualityScore(last.id())));
        }
        return rows;
    }

    /** The share of the run's rules that passed, e.g. {@code 96% (24/25)}; {@code -} when it checked none. */
    private String qualityScore(String runId) {
        long total = 0;
        long passed = 0;
        for (DatasetOutcome dataset : store.runs()
                .findWithDatasets(runId)
                .map(RunWithDatasets::datasets)
                .orElse(List.of())) {
            total += dataset.rulesTotal() == null ? 0 : dataset.rulesTotal();
            passed += dataset.rulesPassed() == null ? 0 : dataset.rulesPassed();
        }
        return total == 0 ? "-" : Math.round(100.0 * passed / total) + "% (" + passed + "/" + total + ")";
    }

    /** A pipeline's page: its graph with each dataset's last outcome, and its recent runs. */
    PipelinePage pipeline(Context ctx, String name) {
        StoredPipeline pipeline = guard.visiblePipeline(ctx, name, Role.VIEWER);
        PipelinePlan plan = parse(pipeline).plan();
        List<StoredRun> recent = store.runListing().list(name, null, null, RECENT_RUNS, null);
        Map<String, DatasetRow> last = lastOutcomes(name, recent);
        List<DatasetRow> datasets = new ArrayList<>();
        List<GraphNode> nodes = new ArrayList<>();
        List<GraphEdge> edges = new ArrayList<>();
        for (DatasetPlan dataset : plan.datasets()) {
            String id = dataset.name().toString();
            String href = datasetHref(name, id);
            DatasetRow row = last.getOrDefault(id, new DatasetRow(id, href, "never", 0, 0, 0, 0, "-", "", ""));
            datasets.add(row);
            List<String> lines = row.state().equals("never")
                    ? List.of(dataset.format().name().toLowerCase(Locale.ROOT) + " · "
                            + dataset.spec().write().mode())
                    : List.of(
                            "in " + row.rowsIn() + " · written " + row.written(),
                            "quarantined " + row.quarantined() + " · dropped " + row.dropped(),
                            "rules " + row.rules());
            nodes.add(new GraphNode(id, id, row.state(), lines, href));
            dataset.upstream().forEach(up -> edges.add(new GraphEdge(up.toString(), id)));
        }
        Role role = ApiGuard.principal(ctx).roleOn(name);
        return new PipelinePage(
                name,
                pipeline.version(),
                PipelineGraph.svg(nodes, edges),
                datasets,
                recent.stream().map(ConsolePages::row).toList(),
                role != null && role.includes(Role.OPERATOR));
    }

    /** Each dataset's outcome in the newest of {@code recent} runs that built it, with its rules passed. */
    private Map<String, DatasetRow> lastOutcomes(String pipeline, List<StoredRun> recent) {
        Map<String, DatasetRow> last = new HashMap<>();
        for (StoredRun run : recent) {
            RunWithDatasets found = store.runs().findWithDatasets(run.id()).orElse(null);
            if (found == null || found.datasets().stream().allMatch(d -> last.containsKey(d.dataset()))) {
                continue;
            }
            for (DatasetOutcome outcome : found.datasets()) {
                last.putIfAbsent(outcome.dataset(), row(pipeline, outcome));
            }
        }
        return last;
    }

    /** A run's page: its progress, totals, rules and the end of its log, and what the viewer may do with it. */
    RunPage run(Context ctx, String id) {
        RunWithDatasets found = runs.find(ctx, id);
        StoredRun run = found.run();
        List<DatasetRow> datasets =
                found.datasets().stream().map(d -> row(run.pipeline(), d)).toList();
        List<RuleRow> rules = new ArrayList<>();
        for (DatasetMetrics dataset : store.metrics().run(run.pipeline(), run.id())) {
            for (RuleResult rule : dataset.rules()) {
                rules.add(new RuleRow(
                        dataset.dataset(),
                        rule.name(),
                        rule.status().name().toLowerCase(Locale.ROOT),
                        rule.checked() == 0 ? "-" : Long.toString(rule.checked()),
                        rule.checked() == 0 ? "-" : Long.toString(rule.failed()),
                        rule.value() == null ? "-" : number(rule.value()),
                        rule.message() == null ? "" : rule.message()));
            }
        }
        long in = 0;
        long written = 0;
        long quarantined = 0;
        long dropped = 0;
        for (DatasetOutcome d : found.datasets()) {
            in += d.rowsIn();
            written += d.written();
            quarantined += d.quarantined();
            dropped += d.dropped();
        }
        String totals = found.datasets().size() + " datasets · in " + in + " · written " + written + " · quarantined "
                + quarantined + " · dropped " + dropped;
        Role role = ApiGuard.principal(ctx).roleOn(run.pipeline());
        boolean operator = role != null && role.includes(Role.OPERATOR);
        boolean finished = run.state().finished();
        return new RunPage(
                row(run),
                datasets,
                totals,
                rules,
                runs.log(run, LOG_TAIL_BYTES),
                finished,
                operator && !finished,
                operator && finished,
                operator && RunResumes.resumable(run.state()));
    }

    /** A pipeline version's YAML as declared, and its plan. */
    record Parsed(PipelineSpec spec, PipelinePlan plan) {}

    /** The pipeline's current version, parsed and planned once. */
    Parsed parse(StoredPipeline pipeline) {
        return parsed.get(pipeline.name() + "@" + pipeline.version(), key -> {
            Version version = store.pipelines()
                    .version(pipeline.name(), pipeline.version())
                    .orElseThrow(() -> ApiException.notFound("no pipeline named '" + pipeline.name() + "'"));
            Path file = pipeline.sourcePath() == null
                    ? Path.of(pipeline.baseDir(), "pipeline.yaml")
                    : Path.of(pipeline.sourcePath());
            PipelineSpec spec = PipelineYaml.parse(version.yaml(), file).spec();
            return new Parsed(spec, Planner.plan(spec));
        });
    }

    static String datasetHref(String pipeline, String dataset) {
        return Console.ROOT + "/pipelines/" + pipeline + "/datasets/" + dataset;
    }

    private static DatasetRow row(String pipeline, DatasetOutcome outcome) {
        return new DatasetRow(
                outcome.dataset(),
                datasetHref(pipeline, outcome.dataset()),
                outcome.state(),
                outcome.rowsIn(),
                outcome.written(),
                outcome.quarantined(),
                outcome.dropped(),
                outcome.rulesTotal() == null || outcome.rulesTotal() == 0
                        ? "-"
                        : outcome.rulesPassed() + "/" + outcome.rulesTotal(),
                outcome.seconds() == null ? "" : String.format(Locale.ROOT, "%.1f", outcome.seconds()),
                outcome.message() == null ? "" : outcome.message());
    }

    static RunRow row(StoredRun run) {
        Instant end = run.finishedAt() != null ? run.finishedAt() : Instant.now();
        String duration = run.startedAt() == null ? "not started" : duration(Duration.between(run.startedAt(), end));
        return new RunRow(
                run.id(),
                run.pipeline(),
                run.state().label(),
                time(run.createdAt()),
                duration,
                run.submittedBy() == null ? "" : run.submittedBy(),
                run.only() == null ? "" : run.only(),
                run.message() == null ? "" : run.message());
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    private static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }
}
