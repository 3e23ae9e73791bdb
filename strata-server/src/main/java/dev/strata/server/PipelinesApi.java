package dev.strata.server;

import static dev.strata.server.RequestParts.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.auth.Role;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.ScheduleSpec;
import dev.strata.server.Routes.Endpoint;
import dev.strata.server.Routes.Tag;
import dev.strata.server.Views.PipelineView;
import dev.strata.server.Views.RunView;
import dev.strata.server.Views.VersionView;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/pipelines}: registering pipelines (posted YAML, or a file under {@code STRATA_PIPELINES_DIR}), their
 * versions, and watching their schedules for the missed-schedule alert.
 */
final class PipelinesApi implements Routes.Resource {
    private final ServerSettings settings;
    private final MetadataStore store;
    private final Clock clock;
    private final ServerMetrics metrics;
    private final ApiGuard guard;
    private final RunQueue queue;
    private final ScheduleFiring firing;
    private final SchedulesApi schedules;

    PipelinesApi(
            ServerSettings settings,
            MetadataStore store,
            Clock clock,
            ServerMetrics metrics,
            ApiGuard guard,
            RunQueue queue,
            ScheduleFiring firing,
            SchedulesApi schedules) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.guard = guard;
        this.queue = queue;
        this.firing = firing;
        this.schedules = schedules;
    }

    @Override
    public void register(Routes routes) {
        // The seed's endpoint, kept as users wrote it.
        routes.add(
                Endpoint.post("/api/v1/pipelines/run", Tag.PIPELINES)
                        .reads(Requests.RunFileRequest.class)
                        .returns(RunView.class),
                this::runConfigFile);
        routes.add(
                Endpoint.post("/api/v1/pipelines", Tag.PIPELINES)
                        .reads(Requests.PipelineYamlRequest.class)
                        .returns(PipelineView.class),
                this::createPipeline);
        routes.add(Endpoint.get("/api/v1/pipelines", Tag.PIPELINES).returnsListOf(PipelineView.class), this::list);
        routes.add(
                Endpoint.get("/api/v1/pipelines/{name}", Tag.PIPELINES).returns(PipelineView.class),
                ctx -> ctx.json(view(guard.visiblePipeline(ctx, ctx.pathParam("name"), Role.VIEWER), true)));
        routes.add(
                Endpoint.put("/api/v1/pipelines/{name}", Tag.PIPELINES)
                        .reads(Requests.PipelineYamlRequest.class)
                        .returns(PipelineView.class),
                this::replacePipeline);
        routes.add(Endpoint.delete("/api/v1/pipelines/{name}", Tag.PIPELINES), this::deletePipeline);
        routes.add(
                Endpoint.get("/api/v1/pipelines/{name}/versions", Tag.PIPELINES).returnsListOf(VersionView.class),
                this::versions);
    }

    /** {@code POST /api/v1/pipelines/run {"config_path": ...}}: registers the file's current YAML and runs it. */
    private void runConfigFile(Context ctx) {
        Principal principal = ApiGuard.principal(ctx);
        ApiGuard.requireRoleSomewhere(principal, Role.OPERATOR);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String configPath = text(body, "config_path");
        if (configPath == null) {
            throw ApiException.badRequest("config_path is required", "send {\"config_path\": \"orders.yaml\"}");
        }
        Path file = PipelineFiles.resolve(settings.pipelinesDirectory(), configPath);
        String yaml = PipelineFiles.read(file, configPath, settings.pipelinesDirectory());
        Pipeline pipeline = PipelineYaml.parse(yaml, file);
        String name = pipeline.spec().name();
        ApiGuard.requireRole(principal, name, Role.OPERATOR, true);
        requireOwnFolder(name, file.getParent());
        PipelineRepository.Saved saved = store.pipelines()
                .save(name, yaml, file.getParent().toString(), file.toString(), principal.id(), clock.instant());
        watchSchedule(pipeline, principal.id());
        StoredRun run = queue.queue(
                saved.pipeline(), null, queue.parameters(saved.pipeline(), body.path("parameters")), principal.id());
        ctx.status(202).json(RunsApi.view(run));
    }

    private void createPipeline(Context ctx) {
        // The pipeline's name is in its YAML: a caller who may edit no pipeline is refused before it is read.
        ApiGuard.requireRoleSomewhere(ApiGuard.principal(ctx), Role.EDITOR);
        String yaml = RequestParts.yamlBody(ctx);
        Pipeline pipeline = parsePosted(yaml);
        ApiGuard.requireRole(ApiGuard.principal(ctx), pipeline.spec().name(), Role.EDITOR, true);
        savePosted(ctx, yaml, pipeline);
    }

    private void replacePipeline(Context ctx) {
        String name = ctx.pathParam("name");
        ApiGuard.requireRole(ApiGuard.principal(ctx), name, Role.EDITOR, true);
        String yaml = RequestParts.yamlBody(ctx);
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
                        ApiGuard.principal(ctx).id(),
                        clock.instant());
        watchSchedule(pipeline, ApiGuard.principal(ctx).id());
        ctx.status(saved.created() ? 201 : 200).json(view(saved.pipeline(), false));
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
        guard.visiblePipeline(ctx, name, Role.EDITOR);
        store.pipelines().delete(name, clock.instant());
        firing.remove(name);
        metrics.expectedInterval(name, Optional.empty());
        ctx.status(204);
    }

    private void list(Context ctx) {
        Principal principal = ApiGuard.principal(ctx);
        ctx.json(schedules.views(store.pipelines().list().stream()
                .filter(p -> principal.sees(p.name()))
                .toList()));
    }

    private void versions(Context ctx) {
        StoredPipeline pipeline = guard.visiblePipeline(ctx, ctx.pathParam("name"), Role.VIEWER);
        List<VersionView> versions = store.pipelines().versions(pipeline.name()).stream()
                .map(VersionView::of)
                .toList();
        ctx.json(versions);
    }

    private PipelineView view(StoredPipeline pipeline, boolean withYaml) {
        String yaml = withYaml
                ? store.pipelines()
                        .version(pipeline.name(), pipeline.version())
                        .map(PipelineRepository.Version::yaml)
                        .orElse(null)
                : null;
        return schedules.view(pipeline, yaml);
    }

    /**
     * Watches the schedule of every registered pipeline's current version and fires it; the server does this as it
     * starts. An unchanged schedule keeps its pending fire time, so fire times missed while no server ran are found.
     */
    void watchSchedules() {
        for (StoredPipeline pipeline : store.pipelines().list()) {
            store.pipelines()
                    .version(pipeline.name(), pipeline.version())
                    .ifPresent(v -> watchSchedule(pipeline.name(), v.yaml(), Path.of(pipeline.baseDir())));
        }
    }

    /**
     * Fires the pipeline's schedule from now on, as its new version says, and exports how often the pipeline should
     * succeed, for the missed-schedule alert.
     */
    private void watchSchedule(Pipeline pipeline, String by) {
        ScheduleSpec schedule = pipeline.spec().schedule();
        firing.sync(pipeline.spec().name(), schedule, by);
        boolean paused = store.schedules()
                .find(pipeline.spec().name())
                .map(s -> s.paused())
                .orElse(true);
        metrics.expectedInterval(
                pipeline.spec().name(),
                paused ? Optional.empty() : Schedules.longestGap(schedule, clock.instant(), firing.secondsMode()));
    }

    private void watchSchedule(String name, String yaml, Path baseDir) {
        try {
            watchSchedule(PipelineYaml.parse(yaml, baseDir.resolve("pipeline.yaml")), "server");
        } catch (StrataException e) {
            // A version the validator no longer accepts has no schedule to watch; its runs will say why.
            metrics.expectedInterval(name, Optional.empty());
        }
    }
}
