package dev.strata.server;

import dev.strata.core.auth.Role;
import dev.strata.core.spec.ScheduleSpec;
import dev.strata.server.Routes.Endpoint;
import dev.strata.server.Routes.Tag;
import dev.strata.server.Views.PipelineView;
import dev.strata.server.Views.ScheduleView;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.ScheduleRepository.ScheduleState;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pipelines' schedules in the API: {@code schedule}, {@code next_fire_times} and {@code last_fire_time} in each
 * pipeline's view, and {@code POST /api/v1/pipelines/{name}/schedule/pause} and {@code .../resume}, which an operator
 * of the pipeline may call (audited as every mutating call is).
 */
final class SchedulesApi implements Routes.Resource {
    private final MetadataStore store;
    private final ApiGuard guard;
    private final ScheduleFiring firing;
    private final ServerMetrics metrics;
    private final Clock clock;

    SchedulesApi(MetadataStore store, ApiGuard guard, ScheduleFiring firing, ServerMetrics metrics, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.firing = firing;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        routes.add(
                Endpoint.post("/api/v1/pipelines/{name}/schedule/pause", Tag.PIPELINES)
                        .returns(PipelineView.class),
                ctx -> setPaused(ctx, true));
        routes.add(
                Endpoint.post("/api/v1/pipelines/{name}/schedule/resume", Tag.PIPELINES)
                        .returns(PipelineView.class),
                ctx -> setPaused(ctx, false));
    }

    private void setPaused(Context ctx, boolean paused) {
        StoredPipeline pipeline = guard.visiblePipeline(ctx, ctx.pathParam("name"), Role.OPERATOR);
        String by = ApiGuard.principal(ctx).id();
        boolean done = paused ? firing.pause(pipeline.name(), by) : firing.resume(pipeline.name(), by);
        if (!done) {
            throw ApiException.conflict(
                    "pipeline '" + pipeline.name() + "' has no schedule", "add schedule: to its file and PUT it");
        }
        // A paused pipeline is not expected to succeed: the missed-schedule alert leaves it alone until it resumes.
        metrics.expectedInterval(
                pipeline.name(),
                paused
                        ? Optional.empty()
                        : store.schedules()
                                .find(pipeline.name())
                                .flatMap(state -> Schedules.longestGap(
                                        new ScheduleSpec(state.cron(), state.timezone(), null, null),
                                        clock.instant(),
                                        firing.secondsMode())));
        ctx.json(view(pipeline, null));
    }

    /** The pipeline's view with its schedule, next fire times and last fire time. */
    PipelineView view(StoredPipeline pipeline, String yaml) {
        return view(
                pipeline,
                yaml,
                store.schedules().find(pipeline.name()).orElse(null),
                store.schedules().lastFireTime(pipeline.name()).orElse(null));
    }

    /** Views of many pipelines, from two queries for all their schedules. */
    List<PipelineView> views(List<StoredPipeline> pipelines) {
        Map<String, ScheduleState> states = store.schedules().all();
        Map<String, Instant> last = store.schedules().lastFireTimes();
        return pipelines.stream()
                .map(p -> view(p, null, states.get(p.name()), last.get(p.name())))
                .toList();
    }

    private PipelineView view(StoredPipeline pipeline, String yaml, ScheduleState state, Instant lastFireTime) {
        if (state == null) {
            return PipelineView.of(pipeline, yaml, null, List.of(), lastFireTime);
        }
        return PipelineView.of(
                pipeline,
                yaml,
                new ScheduleView(state.cron(), state.timezone(), state.paused()),
                firing.nextFireTimes(state),
                lastFireTime);
    }
}
