package dev.strata.server;

import dev.strata.core.error.StrataException;
import dev.strata.server.events.EventRelay;
import dev.strata.server.events.EventsSettings;
import dev.strata.server.triggers.TriggerSettings;
import dev.strata.server.triggers.Triggers;
import dev.strata.store.MetadataStore;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The control plane's HTTP API on Javalin: pipelines, runs, quality metrics, API keys and the audit log under {@code
 * /api/v1} (bearer token required), and {@code /health}, {@code /ready}, {@code /metrics} and {@code /openapi} at the
 * root. This class sets Javalin up, maps exceptions to problem responses and holds the route table; each resource
 * ({@link PipelinesApi}, {@link RunsApi}, {@link QualityApi}, {@link AccessApi}, {@link SystemApi}) registers its own
 * routes, and {@link ApiGuard} authenticates, authorizes and audits.
 */
public final class StrataServer implements AutoCloseable {
    private final ServerMetrics metrics = new ServerMetrics();
    private final AuditTrail auditTrail;
    private final ApiGuard guard;
    private final ScheduledExecutorService auditFlush = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "strata-audit-flush");
        thread.setDaemon(true);
        return thread;
    });
    private final RunExecutor executor;
    private final EventRelay events;
    private final Javalin app;
    private final Routes routes;
    private final PipelinesApi pipelines;
    private final Triggers triggers;
    private final ScheduleFiring firing;
    private final Console console;

    public StrataServer(ServerSettings settings, MetadataStore store, Clock clock, Map<String, String> environment) {
        this.events = new EventRelay(
                store.events(),
                EventsSettings.fromEnvironment(environment),
                clock,
                "strata-events-" + UUID.randomUUID().toString().substring(0, 8));
        this.auditTrail = new AuditTrail(store.audit(), clock);
        this.guard = new ApiGuard(
                store,
                new Authenticator(store.access(), settings),
                new RateLimits(settings.rateLimit(), settings.anonymousRateLimit()),
                auditTrail);
        this.executor = new RunExecutor(store, settings, metrics, clock, environment);
        this.triggers = new Triggers(
                TriggerSettings.fromEnvironment(environment), store, executor::wake, settings::allowedRootsOf, clock);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // Handlers read bodies through RequestBodies, which bounds chunked ones too; this bounds Javalin's own
            // reads.
            config.http.maxRequestSize = RequestBodies.PIPELINE_LIMIT;
            config.router.ignoreTrailingSlashes = true;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            // Swagger UI's and the console's libraries, from their webjars: both work offline.
            config.staticFiles.enableWebjars();
            // The console's own stylesheet and script.
            config.staticFiles.add(files -> {
                files.hostedPath = Console.ROOT + "/static";
                files.directory = "/dev/strata/server/console/static";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            // Runs after every request, also one a before-handler refused: the one place requests are counted and
            // mutating calls audited.
            config.requestLogger.http((ctx, millis) -> {
                metrics.request(ctx.method().name(), ApiGuard.route(ctx), ctx.statusCode());
                guard.audit(ctx);
            });
        });
        this.routes = new Routes(app);
        RunQueue queue = new RunQueue(store, executor, clock);
        this.firing = new ScheduleFiring(store, clock, queue, environment);
        SchedulesApi schedules = new SchedulesApi(store, guard, firing, metrics, clock);
        this.pipelines = new PipelinesApi(settings, store, clock, metrics, guard, queue, firing, schedules);
        RunsApi runs = new RunsApi(store, clock, guard, queue, executor);
        this.console = new Console(store, guard, schedules, runs, queue, clock);
        mapExceptions();
        app.before(SecurityHeaders::apply);
        app.before("/api/v1/*", guard::authenticate);
        // The route table. Javalin matches routes in this order: runs' /pipelines/status/{run_id} comes before
        // pipelines' /pipelines/{name}/versions.
        for (Routes.Resource resource : List.of(
                new SystemApi(settings, store, metrics),
                runs,
                new QualityApi(store, guard),
                pipelines,
                schedules,
                new AccessApi(store, clock, guard))) {
            resource.register(routes);
        }
        console.register(app);
    }

    /** Starts serving on {@code port} (0 for any free port) and taking runs; returns the port. */
    public int start(String host, int port) {
        pipelines.watchSchedules();
        // Listening first: a server that cannot bind its port takes no run.
        app.start(host, port);
        executor.start();
        events.start();
        triggers.start();
        firing.start();
        auditFlush.scheduleWithFixedDelay(this::flushAudit, 60, 60, TimeUnit.SECONDS);
        return app.port();
    }

    @Override
    public void close() {
        firing.close();
        app.stop();
        triggers.close();
        auditFlush.shutdownNow();
        flushAudit();
        executor.close();
        events.close();
    }

    private void flushAudit() {
        try {
            auditTrail.flush();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(StrataServer.class).error("Cannot write the audit log", e);
        }
    }

    /** Every failure becomes a problem response ({@link Problems}); unknown paths and methods too. */
    private void mapExceptions() {
        app.exception(ApiException.class, (e, ctx) -> {
            if (Console.owns(ctx)) {
                console.error(e, ctx);
            } else {
                Problems.api(e, ctx);
            }
        });
        app.exception(StrataException.class, Problems::strata);
        app.exception(HttpResponseException.class, Problems::http);
        app.exception(Exception.class, Problems::unexpected);
        app.error(404, ctx -> {
            if (ctx.result() == null && Console.owns(ctx)) {
                console.error(ApiException.notFound("no such page: " + ctx.path()), ctx);
            } else if (ctx.result() == null) {
                Problems.api(ApiException.notFound("no such endpoint: " + ctx.method() + " " + ctx.path()), ctx);
            }
        });
        app.error(
                405,
                ctx -> Problems.api(
                        new ApiException(
                                405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null),
                        ctx));
    }

    /** Every endpoint, as {@code METHOD /path/{param}}. */
    List<String> endpoints() {
        return routeTable().stream().map(Routes.Endpoint::key).toList();
    }

    /** Every endpoint with what the OpenAPI document says of it. */
    List<Routes.Endpoint> routeTable() {
        return routes.endpoints();
    }
}
