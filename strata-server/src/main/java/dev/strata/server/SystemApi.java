package dev.strata.server;

import dev.strata.server.Routes.Endpoint;
import dev.strata.server.Routes.Tag;
import dev.strata.server.Views.Health;
import dev.strata.server.Views.Readiness;
import dev.strata.store.MetadataStore;
import io.javalin.http.Context;

/** The endpoints outside {@code /api/v1}: health, readiness, Prometheus metrics, the OpenAPI document, Swagger UI. */
final class SystemApi implements Routes.Resource {
    private final ServerSettings settings;
    private final MetadataStore store;
    private final ServerMetrics metrics;

    SystemApi(ServerSettings settings, MetadataStore store, ServerMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void register(Routes routes) {
        routes.add(Endpoint.get("/health", Tag.SYSTEM).returns(Health.class), ctx -> ctx.json(Health.OK));
        routes.add(Endpoint.get("/ready", Tag.SYSTEM).returns(Readiness.class), this::ready);
        routes.add(Endpoint.get("/metrics", Tag.SYSTEM), ctx -> {
            if (settings.privateMetrics()) {
                ApiGuard.principal(ctx);
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        routes.add(
                Endpoint.get("/openapi", Tag.SYSTEM),
                ctx -> ctx.contentType("application/json").result(OpenApi.document()));
        routes.add(Endpoint.get("/swagger", Tag.SYSTEM), ctx -> ctx.html(OpenApi.swaggerPage()));
    }

    private void ready(Context ctx) {
        try {
            store.jdbi()
                    .withHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            ctx.json(new Readiness("ready", store.describe(), null));
        } catch (RuntimeException e) {
            ctx.status(503).json(new Readiness("unavailable", null, "the metadata store does not answer"));
        }
    }
}
