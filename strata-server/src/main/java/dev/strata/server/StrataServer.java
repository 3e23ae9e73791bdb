package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.core.auth.Role;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.Parameters;
import dev.strata.core.spec.Pipeline;
import dev.strata.store.AccessRepository;
import dev.strata.store.AuditRepository;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunRepository.RunWithDatasets;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The control plane's HTTP API on Javalin: pipelines, runs, quality metrics, API keys and the audit log under {@code
 * /api/v1} (bearer token required), and {@code /health}, {@code /ready}, {@code /metrics} and {@code /openapi} at the
 * root.
 */
public final class StrataServer implements AutoCloseable {
    private static final String PRINCIPAL = "strata.principal";
    /** Who a caller that did not authenticate claimed to be, for the audit log. */
    private static final String CLAIMED = "strata.claimed";

    private static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** How stale a queued or running run's view may be. */
    static final java.time.Duration LIVE_RUN_FRESHNESS = java.time.Duration.ofMillis(250);

    private static final int DEFAULT_PAGE = 50;
    /** The most of a run's log one response carries: its end. */
    private static final long MAX_LOG_BYTES = 4L * 1024 * 1024;

    private static final int MAX_PAGE = 500;

    private final ServerSettings settings;
    private final MetadataStore store;
    private final Clock clock;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Authenticator authenticator;
    private final RateLimits rateLimits;
    private final AuditTrail auditTrail;
    private final java.util.concurrent.ScheduledExecutorService auditFlush =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "strata-audit-flush");
                thread.setDaemon(true);
                return thread;
            });
    private final RunExecutor executor;
    private final Javalin app;
    private final List<String> endpoints = new ArrayList<>();
    /** Finished runs as read from the store; they never change again. */
    private final Cache<String, RunWithDatasets> finishedRuns =
            Caffeine.newBuilder().maximumSize(10_000).build();
    /**
     * Queued and running runs as read from the store, for {@link #LIVE_RUN_FRESHNESS}: clients poll them, many at a
     * time, and a status that much older costs them nothing.
     */
    private final Cache<String, RunWithDatasets> liveRuns = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(LIVE_RUN_FRESHNESS)
            .build();

    public StrataServer(ServerSettings settings, MetadataStore store, Clock clock, Map<String, String> environment) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.authenticator = new Authenticator(store.access(), settings);
        this.rateLimits = new RateLimits(settings.rateLimit(), settings.anonymousRateLimit());
        this.auditTrail = new AuditTrail(store.audit(), clock);
        this.executor = new RunExecutor(store, settings, metrics, clock, environment);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // Handlers read bodies through RequestBodies, which bounds chunked ones too; this bounds Javalin's own
            // reads.
            config.http.maxRequestSize = RequestBodies.PIPELINE_LIMIT;
            config.router.ignoreTrailingSlashes = true;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            // Swagger UI's assets, from the swagger-ui webjar: /swagger works offline.
            config.staticFiles.enableWebjars();
            // Runs after every request, also one a before-handler refused: the one place requests are counted and
            // mutating calls audited.
            config.requestLogger.http((ctx, millis) -> {
                metrics.request(ctx.method().name(), route(ctx), ctx.statusCode());
                if (ctx.path().startsWith("/api/v1/") && mutating(ctx.method())) {
                    audit(ctx);
                }
            });
        });
        routes();
    }

    /** Starts serving on {@code port} (0 for any free port) and taking runs; returns the port. */
    public int start(String host, int port) {
        for (StoredPipeline pipeline : store.pipelines().list()) {
            store.pipelines()
                    .version(pipeline.name(), pipeline.version())
                    .ifPresent(v -> watchSchedule(pipeline.name(), v.yaml(), Path.of(pipeline.baseDir())));
        }
        // Listening first: a server that cannot bind its port takes no run.
        app.start(host, port);
        executor.start();
        auditFlush.scheduleWithFixedDelay(this::flushAudit, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        auditFlush.shutdownNow();
        flushAudit();
        executor.close();
    }

    private void flushAudit() {
        try {
            auditTrail.flush();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StrataServer.class).error("Cannot write the audit log", e);
        }
    }

    private void routes() {
        app.exception(ApiException.class, Problems::api);
        app.exception(StrataException.class, Problems::strata);
        app.exception(HttpResponseException.class, Problems::http);
        app.exception(Exception.class, Problems::unexpected);
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                Problems.api(ApiException.notFound("no such endpoint: " + ctx.method() + " " + ctx.path()), ctx);
            }
        });
        app.error(
                405,
                ctx -> Problems.api(
                        new ApiException(
                                405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null),
                        ctx));

        route(HandlerType.GET, "/health", ctx -> ctx.json(Map.of("status", "ok")));
        route(HandlerType.GET, "/ready", this::ready);
        route(HandlerType.GET, "/metrics", ctx -> {
            if (settings.privateMetrics()) {
                principal(ctx);
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        route(
                HandlerType.GET,
                "/openapi",
                ctx -> ctx.contentType("application/json").result(OpenApi.document()));
        route(HandlerType.GET, "/swagger", ctx -> ctx.html(OpenApi.swaggerPage()));

        app.before(SecurityHeaders::apply);
        app.before("/api/v1/*", this::authenticate);

        // The seed's endpoints, kept as users wrote them.
        route(HandlerType.POST, "/api/v1/pipelines/run", this::runConfigFile);
        route(HandlerType.GET, "/api/v1/pipelines/status/{run_id}", ctx -> getRun(ctx, ctx.pathParam("run_id")));
        route(HandlerType.GET, "/api/v1/quality/metrics/{run_id}", this::runMetrics);

        route(HandlerType.POST, "/api/v1/pipelines", this::createPipeline);
        route(HandlerType.GET, "/api/v1/pipelines", this::listPipelines);
        route(
                HandlerType.GET,
                "/api/v1/pipelines/{name}",
                ctx -> ctx.json(pipelineView(visiblePipeline(ctx, ctx.pathParam("name"), Role.VIEWER), true)));
        route(HandlerType.PUT, "/api/v1/pipelines/{name}", this::replacePipeline);
        route(HandlerType.DELETE, "/api/v1/pipelines/{name}", this::deletePipeline);
        route(HandlerType.GET, "/api/v1/pipelines/{name}/versions", this::versions);
        route(HandlerType.POST, "/api/v1/pipelines/{name}/runs", this::runPipeline);

        route(HandlerType.GET, "/api/v1/runs", this::listRuns);
        route(HandlerType.GET, "/api/v1/runs/{id}", ctx -> getRun(ctx, ctx.pathParam("id")));
        route(HandlerType.POST, "/api/v1/runs/{id}/cancel", this::cancelRun);
        route(HandlerType.GET, "/api/v1/runs/{id}/logs", this::runLogs);
        route(HandlerType.GET, "/api/v1/datasets/{name}/metrics", this::datasetMetrics);

        route(HandlerType.POST, "/api/v1/api-keys", this::createKey);
        route(HandlerType.GET, "/api/v1/api-keys", ctx -> {
            requireAdmin(ctx);
            ctx.json(store.access().keys().stream().map(StrataServer::keyView).toList());
        });
        route(HandlerType.DELETE, "/api/v1/api-keys/{id}", ctx -> {
            requireAdmin(ctx);
            if (!store.access().revoke(ctx.pathParam("id"), clock.instant())) {
                throw ApiException.notFound("no live API key " + ctx.pathParam("id"));
            }
            authenticator.forget();
            ctx.status(204);
        });
        route(HandlerType.PUT, "/api/v1/role-bindings", this::bindRole);
        route(HandlerType.GET, "/api/v1/audit", this::auditLog);
        route(HandlerType.GET, "/api/v1/audit/verify", this::verifyAudit);
    }

    /** Registers an endpoint and remembers it, so a test can hold the OpenAPI document to every route. */
    private void route(HandlerType method, String path, io.javalin.http.Handler handler) {
        app.addHttpHandler(method, path, handler);
        endpoints.add(method.name() + " " + path);
    }

    /** Every endpoint, as {@code METHOD /path/{param}}. */
    List<String> endpoints() {
        return List.copyOf(endpoints);
    }

    private void ready(Context ctx) {
        try {
            store.jdbi()
                    .withHandle(
                            h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            ctx.json(Map.of("status", "ready", "store", store.describe()));
        } catch (RuntimeException e) {
            ctx.status(503).json(Map.of("status", "unavailable", "reason", "the metadata store does not answer"));
        }
    }

    /**
     * Who the caller is, before anything of the request is read: a 401 for no valid token, a 429 for a caller over its
     * rate, or for an address that keeps sending bad tokens (whose next tokens are not even checked).
     */
    private void authenticate(Context ctx) {
        String address = ctx.ip();
        String authorization = ctx.header("Authorization");
        if (!rateLimits.refusalsLeft(address) && !authenticator.verifiedRecently(authorization)) {
            ctx.attribute(CLAIMED, Authenticator.claimedIdentity(authorization));
            throw rateLimits.refusedAddress();
        }
        Principal principal;
        try {
            principal = authenticator.authenticate(authorization);
        } catch (ApiException e) {
            ctx.attribute(CLAIMED, Authenticator.claimedIdentity(authorization));
            rateLimits.admitRefusal(address);
            throw e;
        }
        ctx.attribute(PRINCIPAL, principal);
        rateLimits.admitPrincipal(principal.id());
    }

    // ---- pipelines

    /** {@code POST /api/v1/pipelines/run {"config_path": ...}}: registers the file's current YAML and runs it. */
    private void runConfigFile(Context ctx) {
        Principal principal = principal(ctx);
        requireRoleSomewhere(principal, Role.OPERATOR);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String configPath = text(body, "config_path");
        if (configPath == null) {
            throw ApiException.badRequest("config_path is required", "send {\"config_path\": \"orders.yaml\"}");
        }
        Path file = PipelineFiles.resolve(settings.pipelinesDirectory(), configPath);
        String yaml = PipelineFiles.read(file, configPath, settings.pipelinesDirectory());
        Pipeline pipeline = PipelineYaml.parse(yaml, file);
        String name = pipeline.spec().name();
        requireRole(principal, name, Role.OPERATOR, true);
        requireOwnFolder(name, file.getParent());
        PipelineRepository.Saved saved = store.pipelines()
                .save(name, yaml, file.getParent().toString(), file.toString(), principal.id(), clock.instant());
        watchSchedule(pipeline);
        StoredRun run = queue(ctx, saved.pipeline(), null, runParameters(saved.pipeline(), body.path("parameters")));
        ctx.status(202).json(runView(new RunWithDatasets(run, List.of())));
    }

    private void createPipeline(Context ctx) {
        // The pipeline's name is in its YAML: a caller who may edit no pipeline is refused before it is read.
        requireRoleSomewhere(principal(ctx), Role.EDITOR);
        String yaml = yamlBody(ctx);
        Pipeline pipeline = parsePosted(yaml);
        requireRole(principal(ctx), pipeline.spec().name(), Role.EDITOR, true);
        savePosted(ctx, yaml, pipeline);
    }

    private void replacePipeline(Context ctx) {
        String name = ctx.pathParam("name");
        requireRole(principal(ctx), name, Role.EDITOR, true);
        String yaml = yamlBody(ctx);
        Pipeline pipeline = parsePosted(yaml);
        if (!pipeline.spec().name().equals(name)) {
            throw ApiException.badRequest(
                    "the YAML names pipeline '" + pipeline.spec().name() + "', not '" + name + "'",
                    "PUT it to /api/v1/pipelines/" + pipeline.spec().name() + ", or change its name: field");
        }
        savePosted(ctx, yaml, pipeline);
    }

    /** Posted pipeline YAML, validated as if it lay in the pipelines directory. */
    private Pipeline parsePosted(String yaml) {
        return PipelineYaml.parse(yaml, settings.pipelinesDirectory().resolve("pipeline.yaml"));
    }

    /**
     * Registers a posted pipeline (201 new, 200 a new version or the same) and watches its schedule. Its relative
     * paths resolve against a folder of its own, {@code STRATA_PIPELINES_DIR/<name>}.
     */
    private void savePosted(Context ctx, String yaml, Pipeline pipeline) {
        Path folder = settings.pipelinesDirectory().resolve(pipeline.spec().name());
        requireOwnFolder(pipeline.spec().name(), folder);
        PipelineRepository.Saved saved = store.pipelines()
                .save(
                        pipeline.spec().name(),
                        yaml,
                        folder.toString(),
                        null,
                        principal(ctx).id(),
                        clock.instant());
        watchSchedule(pipeline);
        ctx.status(saved.created() ? 201 : 200).json(pipelineView(saved.pipeline(), false));
    }

    /**
     * Refuses a pipeline whose folder contains, or lies in, another pipeline's folder: without {@code
     * STRATA_ALLOWED_ROOTS}, a run may read and write its own pipeline's folder only, and folders that nest would let one
     * pipeline's runs reach another's tables.
     */
    private void requireOwnFolder(String name, Path folder) {
        if (!settings.allowedRoots().isEmpty()) {
            return;
        }
        for (StoredPipeline other : store.pipelines().list()) {
            Path otherFolder = Path.of(other.baseDir());
            if (!other.name().equals(name) && (otherFolder.startsWith(folder) || folder.startsWith(otherFolder))) {
                throw ApiException.conflict(
                        "Cannot register pipeline '" + name + "' in " + folder
                                + ": another pipeline's folder lies inside it or contains it, and a run may read and"
                                + " write its own pipeline's folder only",
                        "give each pipeline a folder of its own under STRATA_PIPELINES_DIR, or set"
                                + " STRATA_ALLOWED_ROOTS (docs/security.md)");
            }
        }
    }

    private void deletePipeline(Context ctx) {
        String name = ctx.pathParam("name");
        visiblePipeline(ctx, name, Role.EDITOR);
        store.pipelines().delete(name, clock.instant());
        metrics.expectedInterval(name, java.util.Optional.empty());
        ctx.status(204);
    }

    /** Exports how often the pipeline should succeed, for the missed-schedule alert. */
    private void watchSchedule(Pipeline pipeline) {
        metrics.expectedInterval(
                pipeline.spec().name(),
                Schedules.longestGap(pipeline.spec().schedule(), clock.instant().atZone(java.time.ZoneOffset.UTC)));
    }

    private void watchSchedule(String name, String yaml, Path baseDir) {
        try {
            watchSchedule(PipelineYaml.parse(yaml, baseDir.resolve("pipeline.yaml")));
        } catch (StrataException e) {
            // A version the validator no longer accepts has no schedule to watch; its runs will say why.
            metrics.expectedInterval(name, java.util.Optional.empty());
        }
    }

    private void listPipelines(Context ctx) {
        Principal principal = principal(ctx);
        ctx.json(store.pipelines().list().stream()
                .filter(p -> principal.sees(p.name()))
                .map(p -> pipelineView(p, false))
                .toList());
    }

    private void versions(Context ctx) {
        StoredPipeline pipeline = visiblePipeline(ctx, ctx.pathParam("name"), Role.VIEWER);
        List<Map<String, Object>> versions = new ArrayList<>();
        for (PipelineRepository.Version v : store.pipelines().versions(pipeline.name())) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("version", v.version());
            view.put("sha256", v.sha256());
            view.put("created_at", v.createdAt());
            view.put("created_by", v.createdBy());
            view.put("yaml", v.yaml());
            versions.add(view);
        }
        ctx.json(versions);
    }

    private void runPipeline(Context ctx) {
        StoredPipeline pipeline = visiblePipeline(ctx, ctx.pathParam("name"), Role.OPERATOR);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String only = text(body, "only");
        Map<String, String> parameters = runParameters(pipeline, body.path("parameters"));
        ctx.status(202).json(runView(new RunWithDatasets(queue(ctx, pipeline, only, parameters), List.of())));
    }

    /**
     * The request's parameters, each one the pipeline's current version declares, of its type: given as an object of
     * names to strings, numbers or booleans. A run of the version gets exactly these, as {@code --param} options of its
     * engine; a parameter not given takes its declared default there.
     */
    private Map<String, String> runParameters(StoredPipeline pipeline, JsonNode given) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (given.isMissingNode() || given.isNull()) {
            given = Json.MAPPER.createObjectNode();
        }
        if (!given.isObject()) {
            throw ApiException.badRequest(
                    "parameters must be an object of names to values",
                    "send {\"parameters\": {\"DAY\": \"2026-01-01\"}}");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw ApiException.badRequest(
                        "parameters." + Messages.abbreviate(field.getKey(), 100)
                                + " must be a string, number or boolean",
                        null);
            }
            parameters.put(field.getKey(), field.getValue().asText());
        }
        String yaml = store.pipelines()
                .version(pipeline.name(), pipeline.version())
                .orElseThrow(() -> ApiException.notFound("no pipeline named '" + pipeline.name() + "'"))
                .yaml();
        Map<String, ParameterSpec> declared;
        try {
            declared = PipelineYaml.parse(yaml, Path.of(pipeline.baseDir()).resolve("pipeline.yaml"))
                    .spec()
                    .parameters();
        } catch (StrataException e) {
            throw ApiException.conflict(
                    "Cannot run pipeline '" + pipeline.name() + "': its current version no longer validates",
                    "PUT a corrected version");
        }
        try {
            // Checked now, so a bad value is the caller's 400, not a failed run later; defaults are the engine's.
            Parameters.resolve(declared, parameters);
        } catch (StrataException e) {
            throw ApiException.badRequest(
                    Messages.abbreviate(e.getMessage(), 2_000),
                    declared.isEmpty()
                            ? "the pipeline declares no parameters: add them under parameters: in its file"
                            : "give only the parameters the pipeline declares, each of its type");
        }
        return parameters;
    }

    private StoredRun queue(Context ctx, StoredPipeline pipeline, String only, Map<String, String> parameters) {
        String id = "run_"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", java.util.Locale.ROOT)
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(clock.instant())
                + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        StoredRun run = store.runs()
                .queue(
                        id,
                        pipeline.name(),
                        pipeline.version(),
                        only,
                        parameters,
                        principal(ctx).id(),
                        clock.instant());
        executor.wake();
        return run;
    }

    // ---- runs

    private void listRuns(Context ctx) {
        Principal principal = principal(ctx);
        String pipeline = ctx.queryParam("pipeline");
        State state = null;
        String status = ctx.queryParam("status");
        if (status != null) {
            state = State.parse(status)
                    .orElseThrow(() -> ApiException.badRequest(
                            "status=" + status + " is not a run state",
                            "use queued, running, succeeded, failed or cancelled"));
        }
        int limit = limit(ctx);
        String cursor = ctx.queryParam("cursor");
        if (pipeline != null && !principal.sees(pipeline)) {
            ctx.json(Map.of("runs", List.of()));
            return;
        }
        Set<String> visible = principal.role() == null ? principal.bindings().keySet() : null;
        List<StoredRun> runs = store.runs().list(pipeline, state, visible, limit + 1, cursor);
        boolean more = runs.size() > limit;
        List<StoredRun> page = more ? runs.subList(0, limit) : runs;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("runs", page.stream().map(this::runSummaryView).toList());
        if (more) {
            view.put("next_cursor", page.get(page.size() - 1).id());
        }
        ctx.json(view);
    }

    /**
     * A run with its per-dataset state and counts: the API's most frequent read (clients poll it). One query, and
     * none for a finished run read before (nothing changes it again) or a live run read in the last 250 ms.
     */
    private void getRun(Context ctx, String id) {
        Principal principal = principal(ctx);
        RunWithDatasets found = finishedRuns.getIfPresent(id);
        if (found == null) {
            found = liveRuns.getIfPresent(id);
        }
        if (found == null) {
            found = store.runs().findWithDatasets(id).orElse(null);
            if (found != null) {
                (found.run().state().finished() ? finishedRuns : liveRuns).put(id, found);
            }
        }
        if (found == null || !principal.sees(found.run().pipeline())) {
            throw ApiException.notFound("no run '" + id + "'");
        }
        ctx.json(runView(found));
    }

    private void cancelRun(Context ctx) {
        StoredRun run = visibleRun(ctx, ctx.pathParam("id"));
        requireRole(principal(ctx), run.pipeline(), Role.OPERATOR, false);
        if (run.state().finished()) {
            throw ApiException.conflict(
                    "run " + run.id() + " already " + run.state().label(),
                    "only queued or running runs can be cancelled");
        }
        StoredRun now = store.runs().requestCancel(run.id(), clock.instant()).orElseThrow();
        liveRuns.invalidate(run.id());
        if (now.state() == State.RUNNING) {
            executor.cancel(run.id());
        }
        ctx.status(202).json(runView(store.runs().findWithDatasets(run.id()).orElseThrow()));
    }

    private void runLogs(Context ctx) {
        StoredRun run = visibleRun(ctx, ctx.pathParam("id"));
        Path log = executor.logFile(run.id());
        String text;
        try {
            text = Files.exists(log) ? tail(log, MAX_LOG_BYTES) : "";
        } catch (IOException e) {
            throw new StrataException(
                    dev.strata.core.error.ErrorCode.INTERNAL, "Cannot read the log of " + run.id(), e);
        }
        ctx.contentType("text/plain; charset=utf-8").result(text);
    }

    /** The end of a file, at most {@code limit} bytes of it, from the first whole line. */
    private static String tail(Path file, long limit) throws IOException {
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size <= limit) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) limit);
            channel.position(size - limit);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read the whole tail
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return "[the first " + (size - limit) + " bytes of the log are left out]\n"
                    + text.substring(text.indexOf('\n') + 1);
        }
    }

    private void runMetrics(Context ctx) {
        StoredRun run = visibleRun(ctx, ctx.pathParam("run_id"));
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (DatasetMetrics dataset : store.metrics().run(run.pipeline(), run.id())) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("dataset", dataset.dataset());
            view.put("recorded_at", dataset.recordedAt());
            Map<String, Object> values = new LinkedHashMap<>();
            dataset.metrics().forEach(m -> values.put(m.key().toString(), m.value()));
            view.put("metrics", values);
            view.put("rules", dataset.rules());
            datasets.add(view);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run_id", run.id());
        view.put("pipeline", run.pipeline());
        view.put("state", run.state().label());
        view.put("datasets", datasets);
        ctx.json(view);
    }

    private void datasetMetrics(Context ctx) {
        String dataset = ctx.pathParam("name");
        String pipeline = ctx.queryParam("pipeline");
        if (pipeline == null) {
            // Dataset names are per pipeline: the one visible pipeline with such a dataset, if there is one.
            Principal principal = principal(ctx);
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
        visiblePipeline(ctx, pipeline, Role.VIEWER);
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
        int limit = limit(ctx);
        Map<String, Object> series = new LinkedHashMap<>();
        for (MetricKey key : keys) {
            Instant from = since;
            List<Map<String, Object>> points = new ArrayList<>();
            for (MetricPoint point : store.metrics().history(pipeline, dataset, key, limit, null)) {
                if (from == null || !point.recordedAt().isBefore(from)) {
                    points.add(
                            Map.of("run_id", point.runId(), "recorded_at", point.recordedAt(), "value", point.value()));
                }
            }
            series.put(key.toString(), points);
        }
        ctx.json(Map.of("pipeline", pipeline, "dataset", dataset, "metrics", series));
    }

    // ---- administration

    private void createKey(Context ctx) {
        Principal principal = requireAdmin(ctx);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String name = text(body, "name");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("name is required", "send {\"name\": \"ci\", \"role\": \"operator\"}");
        }
        Role role = Role.parse(text(body, "role"))
                .orElseThrow(() -> ApiException.badRequest(
                        "role must be one of " + Role.labels(), "send {\"name\": \"ci\", \"role\": \"operator\"}"));
        List<String> pipelines = keyScope(body.get("pipelines"));
        AccessRepository.CreatedKey created =
                store.access().createKey(name, role, pipelines, principal.id(), clock.instant());
        Map<String, Object> view = new LinkedHashMap<>(keyView(created.key()));
        view.put("key", created.secret());
        view.put("pipelines", pipelines);
        view.put("note", "the key is shown once; store it now");
        ctx.status(201).json(view);
    }

    private void bindRole(Context ctx) {
        Principal principal = requireAdmin(ctx);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String who = text(body, "principal");
        String pipeline = text(body, "pipeline");
        Role role = Role.parse(text(body, "role")).orElse(null);
        if (who == null || pipeline == null || role == null) {
            throw ApiException.badRequest(
                    "principal, pipeline and role (" + Role.labels() + ") are required",
                    "send {\"principal\": \"key_…\", \"pipeline\": \"orders\", \"role\": \"operator\"}");
        }
        store.access().bind(who, pipeline, role, principal.id(), clock.instant());
        authenticator.forget();
        ctx.json(Map.of("principal", who, "pipeline", pipeline, "role", role.label()));
    }

    private void auditLog(Context ctx) {
        requireAdmin(ctx);
        long before = ctx.queryParam("before") == null ? 0 : parseLong(ctx.queryParam("before"), "before");
        List<AuditRepository.Entry> entries = store.audit().list(limit(ctx), before);
        ctx.json(entries);
    }

    /**
     * Walks the audit log's hash chain, as {@code strata audit verify} does, but while this server holds the store (an
     * embedded store's data directory is this server's alone).
     */
    private void verifyAudit(Context ctx) {
        requireAdmin(ctx);
        AuditRepository.Verification verification = store.audit().verify();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("intact", verification.intact());
        view.put("rows", verification.rows());
        view.put("last_id", verification.lastId());
        view.put("last_hash", verification.lastHash());
        view.put("broken_at", verification.brokenAt());
        view.put("problem", verification.problem());
        ctx.json(view);
    }

    private void audit(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        String claimed = ctx.attribute(CLAIMED);
        int status = ctx.statusCode();
        String result = status < 400
                ? "allowed"
                : switch (status) {
                    case 401 -> "unauthenticated";
                    case 403 -> "denied";
                    case 429 -> "throttled";
                    default -> "failed";
                };
        String route = route(ctx);
        String path = dev.strata.core.error.Messages.abbreviate(ctx.path(), 300);
        auditTrail.record(
                principal != null,
                principal != null ? principal.id() : claimed != null ? claimed : "anonymous",
                ctx.method().name(),
                ctx.method().name() + " " + (route.equals("refused") ? path : route),
                path,
                result,
                status,
                ctx.ip());
    }

    // ---- access

    private static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw ApiException.unauthorized("no token");
        }
        return principal;
    }

    /** A 403, before anything is read, for a principal who holds {@code role} on no pipeline at all. */
    private static void requireRoleSomewhere(Principal principal, Role role) {
        if (!principal.hasSomewhere(role)) {
            throw ApiException.forbidden("this needs the " + role.label() + " role on a pipeline");
        }
    }

    private Principal requireAdmin(Context ctx) {
        Principal principal = principal(ctx);
        if (!principal.has(Role.ADMIN)) {
            throw ApiException.forbidden("this needs the admin role");
        }
        return principal;
    }

    /**
     * The pipeline, when the principal may see it and holds {@code role} on it. A pipeline the principal may not see
     * is reported as missing, exactly as one that does not exist.
     */
    private StoredPipeline visiblePipeline(Context ctx, String name, Role role) {
        Principal principal = principal(ctx);
        StoredPipeline pipeline =
                principal.sees(name) ? store.pipelines().find(name).orElse(null) : null;
        if (pipeline == null) {
            throw ApiException.notFound("no pipeline named '" + name + "'");
        }
        requireRole(principal, name, role, false);
        return pipeline;
    }

    /**
     * Checks {@code role} on pipeline {@code name}. With {@code mayBeNew}, the pipeline may not exist yet: a principal
     * who cannot see it gets a 403 then, as the name tells them nothing.
     */
    private static void requireRole(Principal principal, String name, Role role, boolean mayBeNew) {
        Role held = principal.roleOn(name);
        if (held == null && !mayBeNew) {
            throw ApiException.notFound("no pipeline named '" + name + "'");
        }
        if (held == null || !held.includes(role)) {
            throw ApiException.forbidden("this needs the " + role.label() + " role on pipeline '" + name + "'");
        }
    }

    private StoredRun visibleRun(Context ctx, String id) {
        Principal principal = principal(ctx);
        return store.runs()
                .find(id)
                .filter(run -> principal.sees(run.pipeline()))
                .orElseThrow(() -> ApiException.notFound("no run '" + id + "'"));
    }

    // ---- views

    private Map<String, Object> runView(RunWithDatasets found) {
        Map<String, Object> view = runSummaryView(found.run());
        view.put("datasets", found.datasets());
        return view;
    }

    private Map<String, Object> runSummaryView(StoredRun run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run_id", run.id());
        view.put("pipeline", run.pipeline());
        view.put("version", run.version());
        view.put("status", run.state().label());
        view.put("attempt", run.attempt());
        view.put("only", run.only());
        view.put("parameters", run.parameters().keySet());
        view.put("submitted_by", run.submittedBy());
        view.put("created_at", run.createdAt());
        view.put("started_at", run.startedAt());
        view.put("finished_at", run.finishedAt());
        view.put("exit_code", run.exitCode());
        view.put("message", run.message());
        view.put("cancel_requested", run.cancelRequested());
        return view;
    }

    private Map<String, Object> pipelineView(StoredPipeline pipeline, boolean withYaml) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", pipeline.name());
        view.put("version", pipeline.version());
        view.put("base_dir", pipeline.baseDir());
        view.put("source_path", pipeline.sourcePath());
        view.put("created_at", pipeline.createdAt());
        view.put("updated_at", pipeline.updatedAt());
        view.put("created_by", pipeline.createdBy());
        if (withYaml) {
            store.pipelines().version(pipeline.name(), pipeline.version()).ifPresent(v -> view.put("yaml", v.yaml()));
        }
        return view;
    }

    private static Map<String, Object> keyView(AccessRepository.ApiKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id());
        view.put("name", key.name());
        view.put("role", key.role().label());
        view.put("scoped", key.scoped());
        view.put("created_at", key.createdAt());
        view.put("created_by", key.createdBy());
        view.put("revoked_at", key.revokedAt());
        return view;
    }

    // ---- request parts

    /** The pipeline YAML of a request: the body itself as application/yaml, or {"yaml": "..."} as JSON. */
    private static String yamlBody(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json")) {
            String yaml = text(Json.object(RequestBodies.read(ctx, RequestBodies.PIPELINE_LIMIT)), "yaml");
            if (yaml == null) {
                throw ApiException.badRequest("yaml is required", "send {\"yaml\": \"name: orders\\n...\"}");
            }
            return yaml;
        }
        if (type.startsWith("application/yaml")
                || type.startsWith("application/x-yaml")
                || type.startsWith("text/yaml")) {
            return RequestBodies.read(ctx, RequestBodies.PIPELINE_LIMIT);
        }
        throw new ApiException(
                415,
                "unsupported_media_type",
                "send the pipeline as application/yaml, or as JSON {\"yaml\": ...}",
                "set Content-Type: application/yaml");
    }

    /**
     * The pipelines a new key is scoped to: absent or null for a key that holds its role everywhere, else a non-empty
     * list of pipeline names. Anything else is refused rather than read as "everywhere".
     */
    private static List<String> keyScope(JsonNode pipelines) {
        if (pipelines == null || pipelines.isNull()) {
            return List.of();
        }
        String hint = "send \"pipelines\": [\"orders\"] for a scoped key, or leave it out for a key valid on every"
                + " pipeline";
        if (!pipelines.isArray() || pipelines.isEmpty()) {
            throw ApiException.badRequest("pipelines must be a non-empty list of pipeline names", hint);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : pipelines) {
            if (!name.isTextual() || !PIPELINE_NAME.matcher(name.asText()).matches()) {
                throw ApiException.badRequest(
                        "pipelines must be a list of pipeline names (letters, digits, '_' and '-')", hint);
            }
            names.add(name.asText());
        }
        return List.copyOf(names);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return DEFAULT_PAGE;
        }
        long limit = parseLong(text, "limit");
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_PAGE, null);
        }
        return (int) limit;
    }

    private static long parseLong(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + "=" + text + " is not a whole number", null);
        }
    }

    /** The route template that served the request; {@code refused} for one a before-handler ended. */
    private static String route(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            return path.equals("*") ? "unmatched" : path;
        } catch (IllegalStateException e) {
            return "refused";
        }
    }

    private static boolean mutating(HandlerType method) {
        return method == HandlerType.POST
                || method == HandlerType.PUT
                || method == HandlerType.DELETE
                || method == HandlerType.PATCH;
    }
}
