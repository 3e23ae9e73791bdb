package dev.strata.server;

import dev.strata.core.auth.Role;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.PlanRenderer;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.report.MetricTrend;
import dev.strata.core.quality.report.QualityReports;
import dev.strata.core.quality.report.TrendChart;
import dev.strata.core.run.TableFacts;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.server.console.ConsoleViews.ColumnRow;
import dev.strata.server.console.ConsoleViews.DatasetPage;
import dev.strata.server.console.ConsoleViews.Link;
import dev.strata.server.console.ConsoleViews.QuarantineSample;
import dev.strata.server.console.ConsoleViews.Trend;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunTables.StoredTable;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset's console page: what its YAML declares, its metric trends over the last runs with anomalies marked, and
 * what feeds it and what it feeds, across pipelines where dataset triggers link them.
 */
final class ConsoleDatasets {
    /** The most metrics a page charts: a wide table records a few per column. */
    static final int MAX_TRENDS = 24;

    private final MetadataStore store;
    private final ApiGuard guard;
    private final ConsolePages pages;

    ConsoleDatasets(MetadataStore store, ApiGuard guard, ConsolePages pages) {
        this.store = store;
        this.guard = guard;
        this.pages = pages;
    }

    DatasetPage dataset(Context ctx, String pipelineName, String datasetName) {
        StoredPipeline pipeline = guard.visiblePipeline(ctx, pipelineName, Role.VIEWER);
        ConsolePages.Parsed parsed = pages.parse(pipeline);
        PipelinePlan plan = parsed.plan();
        DatasetPlan dataset = plan.datasets().stream()
                .filter(d -> d.name().toString().equals(datasetName))
                .findFirst()
                .orElseThrow(() ->
                        ApiException.notFound("pipeline '" + pipelineName + "' has no dataset '" + datasetName + "'"));
        StoredTable table = store.tables().latest(pipelineName, datasetName).orElse(null);
        Map<String, String> described = dataset.spec().columns();
        List<ColumnRow> columns = new ArrayList<>();
        if (table != null) {
            for (TableFacts.Column column : table.facts().columns()) {
                String type = column.type() + (column.nullable() ? "" : " NOT NULL");
                columns.add(new ColumnRow(column.name(), type, described.getOrDefault(column.name(), "")));
            }
        } else {
            described.forEach((name, description) -> columns.add(new ColumnRow(name, "", description)));
        }
        return new DatasetPage(
                pipelineName,
                datasetName,
                dataset.spec().description() == null ? "" : dataset.spec().description(),
                table == null
                        ? dataset.format().name().toLowerCase(Locale.ROOT)
                        : table.facts().format(),
                PlanRenderer.write(dataset.spec().write()),
                table == null || table.facts().location() == null
                        ? "-"
                        : table.facts().location(),
                table == null || table.facts().version() == null
                        ? "-"
                        : table.facts().version().toString(),
                columns,
                dataset.spec().expect().stream().map(PlanRenderer::rule).toList(),
                upstream(ctx, pipelineName, parsed, dataset),
                downstream(ctx, pipelineName, plan, dataset),
                trends(pipelineName, datasetName),
                table == null ? null : quarantine(ctx, pipelineName, datasetName, table.runId()));
    }

    /**
     * The quarantined rows of the table's last run, as the engine stored them for the principal's role on the pipeline
     * (masked by the dataset's {@code access:} policies for it), else as stored for every other role; null for none.
     */
    private QuarantineSample quarantine(Context ctx, String pipeline, String dataset, String runId) {
        Role role = ApiGuard.principal(ctx).roleOn(pipeline);
        return store.tables()
                .sample(runId, dataset, role)
                .map(stored -> new QuarantineSample(
                        stored.runId(),
                        stored.sample().columns(),
                        stored.sample().rows().stream()
                                .map(row -> row.stream()
                                        .map(v -> v == null ? "null" : v)
                                        .toList())
                                .toList(),
                        sampleNote(
                                stored.sample().rows().size(), stored.sample().totalRows(), stored.role())))
                .orElse(null);
    }

    private static String sampleNote(int shown, long total, String role) {
        String rows = total > shown ? shown + " of " + total + " quarantined rows" : shown + " quarantined rows";
        return rows + ("default".equals(role) ? "" : ", as the " + role + " role sees them");
    }

    /** The datasets it reads, and, for a dataset that reads a source, the other pipelines' datasets that trigger it. */
    private List<Link> upstream(Context ctx, String pipeline, ConsolePages.Parsed parsed, DatasetPlan dataset) {
        List<Link> links = new ArrayList<>();
        for (DatasetName up : dataset.upstream()) {
            links.add(new Link(up.toString(), ConsolePages.datasetHref(pipeline, up.toString())));
        }
        if (dataset.readsSource()) {
            Principal principal = ApiGuard.principal(ctx);
            for (TriggerSpec trigger : parsed.spec().triggers()) {
                if (trigger.dataset() != null) {
                    String other = trigger.dataset().pipeline();
                    String name = trigger.dataset().name();
                    links.add(new Link(
                            other + " / " + name + " (triggers this pipeline)",
                            principal.sees(other) ? ConsolePages.datasetHref(other, name) : null));
                }
            }
        }
        return links;
    }

    /** The datasets that read it, and the pipelines the principal sees whose dataset trigger names it. */
    private List<Link> downstream(Context ctx, String pipeline, PipelinePlan plan, DatasetPlan dataset) {
        List<Link> links = new ArrayList<>();
        for (DatasetPlan other : plan.datasets()) {
            if (other.upstream().contains(dataset.name())) {
                links.add(new Link(
                        other.name().toString(),
                        ConsolePages.datasetHref(pipeline, other.name().toString())));
            }
        }
        Principal principal = ApiGuard.principal(ctx);
        for (StoredPipeline other : store.pipelines().list()) {
            if (other.name().equals(pipeline) || !principal.sees(other.name())) {
                continue;
            }
            boolean triggered = pages.parse(other).spec().triggers().stream()
                    .anyMatch(t -> t.dataset() != null
                            && t.dataset().pipeline().equals(pipeline)
                            && t.dataset().name().equals(dataset.name().toString()));
            if (triggered) {
                links.add(new Link(
                        other.name() + " (triggered by this dataset)", Console.ROOT + "/pipelines/" + other.name()));
            }
        }
        return links;
    }

    /** Each recorded metric's values over the dataset's last {@link QualityReports#TREND_RUNS} runs, in one query. */
    private List<Trend> trends(String pipeline, String dataset) {
        List<MetricKey> keys = store.metrics().keys(pipeline, dataset);
        List<Trend> trends = new ArrayList<>();
        store.metrics()
                .histories(
                        pipeline,
                        dataset,
                        keys.subList(0, Math.min(keys.size(), MAX_TRENDS)),
                        QualityReports.TREND_RUNS)
                .forEach((key, points) -> {
                    TrendChart chart = TrendChart.of(new MetricTrend(key.toString(), points));
                    trends.add(new Trend(key.toString(), chart.x().size(), (int) chart.anomalyCount(), chart.json()));
                });
        return trends;
    }
}
