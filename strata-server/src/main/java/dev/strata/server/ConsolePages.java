package dev.strata.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.core.auth.Role;
import dev.strata.core.error.Messages;
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
import dev.strata.server.console.ConsoleViews.RunsPage;
import dev.strata.server.console.GraphEdge;
import dev.strata.server.console.GraphNode;
import dev.strata.server.console.PipelineGraph;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.PipelineRepository.Version;
import dev.strata.store.RunRepository.DatasetOutcome;
import dev.strata.store.RunRepository.RunWithDatasets;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
                finished && store.runs().hasSummary(run.id()) ? Console.ROOT + "/runs/" + run.id() + "/report" : null,
                finished,
                operator && !finished,
                operator && finished,
                operator && RunResumes.resumable(run.state()));
    }

    /** The runs list: the principal's runs, newest first, filtered by pipeline, state and day, a page at a time. */
    RunsPage runs(Context ctx) {
        Principal principal = ApiGuard.principal(ctx);
        String pipeline = blankToNull(ctx.queryParam("pipeline"));
        String stateText = blankToNull(ctx.queryParam("state"));
        String sinceText = blankToNull(ctx.queryParam("since"));
        State state = stateText == null
                ? null
                : State.parse(stateText)
                        .orElseThrow(() -> ApiException.badRequest(
                                "state=" + Messages.abbreviate(stateText, 40) + " is not a run state",
                                "use queued, running, succeeded, failed or cancelled"));
        Instant since;
        try {
            since = sinceText == null
                    ? null
                    : LocalDate.parse(sinceText).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "since=" + Messages.abbreviate(sinceText, 40) + " is not a date", "e.g. 2026-12-01");
        }
        List<String> visible = store.pipelines().list().stream()
                .map(StoredPipeline::name)
                .filter(principal::sees)
                .toList();
        List<RunRow> rows = new ArrayList<>();
        String cursor = blankToNull(ctx.queryParam("cursor"));
        String next = null;
        if (pipeline == null || principal.sees(pipeline)) {
            Set<String> scope = principal.role() == null ? principal.bindings().keySet() : null;
            List<StoredRun> found = store.runListing().list(pipeline, state, scope, Console.RUNS_PAGE + 1, cursor);
            boolean more = found.size() > Console.RUNS_PAGE;
            for (StoredRun run : more ? found.subList(0, Console.RUNS_PAGE) : found) {
                if (since != null && run.createdAt().isBefore(since)) {
                    more = false;
                    break;
                }
                rows.add(row(run));
            }
            if (more) {
                next = Console.ROOT + "/runs?" + query(pipeline, stateText, sinceText) + "cursor="
                        + rows.get(rows.size() - 1).id();
            }
        }
        List<String> states = Arrays.stream(State.values()).map(State::label).toList();
        return new RunsPage(
                rows, visible, nullToEmpty(pipeline), nullToEmpty(stateText), nullToEmpty(sinceText), states, next);
    }

    private static String query(String pipeline, String state, String since) {
        StringBuilder query = new StringBuilder();
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("pipeline", pipeline);
        kept.put("state", state);
        kept.put("since", since);
        kept.forEach((key, value) -> {
            if (value != null) {
                query.append(key)
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8))
                        .append('&');
            }
        });
        return query.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
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
