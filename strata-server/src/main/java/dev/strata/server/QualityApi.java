package dev.strata.server;

import dev.strata.core.auth.Role;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.server.Routes.Endpoint;
import dev.strata.server.Routes.Tag;
import dev.strata.server.Views.DatasetMetricsView;
import dev.strata.server.Views.MetricHistoryView;
import dev.strata.server.Views.MetricPointView;
import dev.strata.server.Views.RunMetricsView;
import dev.strata.store.MetadataStore;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Quality metrics: what one run measured, and a dataset's metrics over time. */
final class QualityApi implements Routes.Resource {
    private final MetadataStore store;
    private final ApiGuard guard;

    QualityApi(MetadataStore store, ApiGuard guard) {
        this.store = store;
        this.guard = guard;
    }

    @Override
    public void register(Routes routes) {
        // The seed's endpoint, kept as users wrote it.
        routes.add(
                Endpoint.get("/api/v1/quality/metrics/{run_id}", Tag.QUALITY).returns(RunMetricsView.class),
                this::runMetrics);
        routes.add(
                Endpoint.get("/api/v1/datasets/{name}/metrics", Tag.QUALITY).returns(MetricHistoryView.class),
                this::datasetMetrics);
    }

    private void runMetrics(Context ctx) {
        StoredRun run = guard.visibleRun(ctx, ctx.pathParam("run_id"));
        List<DatasetMetricsView> datasets = store.metrics().run(run.pipeline(), run.id()).stream()
                .map(DatasetMetricsView::of)
                .toList();
        ctx.json(new RunMetricsView(run.id(), run.pipeline(), run.state().label(), datasets));
    }

    private void datasetMetrics(Context ctx) {
        String dataset = ctx.pathParam("name");
        String pipeline = ctx.queryParam("pipeline");
        if (pipeline == null) {
            // Dataset names are per pipeline: the one visible pipeline with such a dataset, if there is one.
            Principal principal = ApiGuard.principal(ctx);
            List<String> candidates = store.metrics().pipelinesWith(dataset).stream()
                    .filter(principal::sees)
                    .toList();
            if (candidates.isEmpty()) {
                throw ApiException.notFound("no metrics recorded for dataset '" + dataset + "'");
            }
            if (candidates.size() > 1) {
                throw ApiException.badRequest(
                        "several pipelines have a dataset '" + dataset + "': " + String.join(", ", candidates),
                        "add ?pipeline=<name>");
            }
            pipeline = candidates.get(0);
        }
        guard.visiblePipeline(ctx, pipeline, Role.VIEWER);
        String metric = ctx.queryParam("metric");
        Instant since = null;
        if (ctx.queryParam("since") != null) {
            try {
                since = Instant.parse(ctx.queryParam("since"));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(
                        "since=" + ctx.queryParam("since") + " is not a time",
                        "give an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z");
            }
        }
        List<MetricKey> keys;
        try {
            keys = metric == null ? store.metrics().keys(pipeline, dataset) : List.of(MetricKey.parse(metric));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "metric=" + metric + " is not a metric: " + e.getMessage(),
                    "e.g. row_count or completeness(email)");
        }
        int limit = RequestParts.limit(ctx);
        Map<String, List<MetricPointView>> series = new LinkedHashMap<>();
        for (MetricKey key : keys) {
            List<MetricPointView> points = new ArrayList<>();
            for (MetricPoint point : store.metrics().history(pipeline, dataset, key, limit, null)) {
                if (since == null || !point.recordedAt().isBefore(since)) {
                    points.add(MetricPointView.of(point));
                }
            }
            series.put(key.toString(), points);
        }
        ctx.json(new MetricHistoryView(pipeline, dataset, series));
    }
}
