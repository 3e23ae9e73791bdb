package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.auth.Role;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.server.Routes.Endpoint;
import dev.strata.server.Routes.Tag;
import dev.strata.server.Views.RunPage;
import dev.strata.server.Views.RunSummaryView;
import dev.strata.server.Views.RunView;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunRepository.RunWithDatasets;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/runs}: starting a pipeline's run, listing runs, polling one, cancelling or resuming it, reading its
 * log.
 */
final class RunsApi implements Routes.Resource {
    /** The most of a run's log one response carries: its end. */
    private static final long MAX_LOG_BYTES = 4L * 1024 * 1024;

    private final MetadataStore store;
    private final Clock clock;
    private final ApiGuard guard;
    private final RunQueue queue;
    private final RunExecutor executor;
    private final RunCache cache;
    private final RunResumes resumes;

    RunsApi(MetadataStore store, Clock clock, ApiGuard guard, RunQueue queue, RunExecutor executor) {
        this.store = store;
        this.clock = clock;
        this.guard = guard;
        this.queue = queue;
        this.executor = executor;
        this.cache = new RunCache(store.runs());
        this.resumes = new RunResumes(store, queue);
    }

    @Override
    public void register(Routes routes) {
        // The seed's endpoint, kept as users wrote it.
        routes.add(
                Endpoint.get("/api/v1/pipelines/status/{run_id}", Tag.RUNS).returns(RunView.class),
                ctx -> getRun(ctx, ctx.pathParam("run_id")));
        routes.add(
                Endpoint.post("/api/v1/pipelines/{name}/runs", Tag.RUNS)
                        .reads(Requests.RunRequest.class)
                        .returns(RunView.class),
                this::runPipeline);
        routes.add(Endpoint.get("/api/v1/runs", Tag.RUNS).returns(RunPage.class), this::listRuns);
        routes.add(
                Endpoint.get("/api/v1/runs/{id}", Tag.RUNS).returns(RunView.class),
                ctx -> getRun(ctx, ctx.pathParam("id")));
        routes.add(Endpoint.post("/api/v1/runs/{id}/cancel", Tag.RUNS).returns(RunView.class), this::cancelRun);
        routes.add(Endpoint.post("/api/v1/runs/{id}/resume", Tag.RUNS).returns(RunView.class), this::resumeRun);
        routes.add(Endpoint.get("/api/v1/runs/{id}/logs", Tag.RUNS), this::runLogs);
    }

    /** A run just queued: no dataset has an outcome yet. */
    static RunView view(StoredRun run) {
        return view(new RunWithDatasets(run, List.of()));
    }

    static RunView view(RunWithDatasets found) {
        return new RunView(
                RunSummaryView.of(found.run()), found.datasets(), found.run().triggerEvents());
    }

    private void runPipeline(Context ctx) {
        StoredPipeline pipeline = guard.visiblePipeline(ctx, ctx.pathParam("name"), Role.OPERATOR);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String only = RequestParts.text(body, "only");
        Map<String, String> parameters = queue.parameters(pipeline, body.path("parameters"));
        ctx.status(202).json(view(start(ctx, pipeline, only, parameters)));
    }

    /** Queues a run of {@code pipeline}, which the caller holds the operator role on, for the caller. */
    StoredRun start(Context ctx, StoredPipeline pipeline, String only, Map<String, String> parameters) {
        return queue.queue(pipeline, only, parameters, ApiGuard.principal(ctx).id());
    }

    private void listRuns(Context ctx) {
        Principal principal = ApiGuard.principal(ctx);
        String pipeline = ctx.queryParam("pipeline");
        State state = null;
        String status = ctx.queryParam("status");
        if (status != null) {
            state = State.parse(status)
                    .orElseThrow(() -> ApiException.badRequest(
                            "status=" + status + " is not a run state",
                            "use queued, running, succeeded, failed or cancelled"));
        }
        int limit = RequestParts.limit(ctx);
        String cursor = ctx.queryParam("cursor");
        if (pipeline != null && !principal.sees(pipeline)) {
            ctx.json(new RunPage(List.of(), null));
            return;
        }
        Set<String> visible = principal.role() == null ? principal.bindings().keySet() : null;
        List<StoredRun> runs = store.runListing().list(pipeline, state, visible, limit + 1, cursor);
        boolean more = runs.size() > limit;
        List<StoredRun> page = more ? runs.subList(0, limit) : runs;
        ctx.json(new RunPage(
                page.stream().map(RunSummaryView::of).toList(),
                more ? page.get(page.size() - 1).id() : null));
    }

    /**
     * A run with its per-dataset state and counts: the API's most frequent read (clients poll it), served from the
     * {@link RunCache}.
     */
    private void getRun(Context ctx, String id) {
        ctx.json(view(find(ctx, id)));
    }

    private void cancelRun(Context ctx) {
        ctx.status(202).json(view(cancel(ctx, ctx.pathParam("id"))));
    }

    /**
     * Cancels run {@code id} for the caller: 404 for a run they cannot see, 403 without the operator role on its
     * pipeline, 409 for a run already finished.
     */
    RunWithDatasets cancel(Context ctx, String id) {
        StoredRun run = guard.visibleRun(ctx, id);
        ApiGuard.requireRole(ApiGuard.principal(ctx), run.pipeline(), Role.OPERATOR, false);
        if (run.state().finished()) {
            throw ApiException.conflict(
                    "run " + run.id() + " already " + run.state().label(),
                    "only queued or running runs can be cancelled");
        }
        StoredRun now = store.runs().requestCancel(run.id(), clock.instant()).orElseThrow();
        cache.invalidate(run.id());
        if (now.state() == State.RUNNING) {
            executor.cancel(run.id());
        }
        return store.runs().findWithDatasets(run.id()).orElseThrow();
    }

    /**
     * Queues a run that builds again only what run {@code id} did not finish (see {@link RunResumes}): 202 with the new
     * run, 404 for a run the caller cannot see, 409 for one still going or that succeeded.
     */
    private void resumeRun(Context ctx) {
        ctx.status(202).json(view(resume(ctx, ctx.pathParam("id"))));
    }

    /** Resumes run {@code id} for the caller, who needs the operator role on its pipeline. */
    StoredRun resume(Context ctx, String id) {
        StoredRun run = guard.visibleRun(ctx, id);
        Principal principal = ApiGuard.principal(ctx);
        ApiGuard.requireRole(principal, run.pipeline(), Role.OPERATOR, false);
        return resumes.resume(run, principal.id());
    }

    /** A run with its datasets' outcomes, from the cache clients poll; 404 for a run the caller cannot see. */
    RunWithDatasets find(Context ctx, String id) {
        Principal principal = ApiGuard.principal(ctx);
        RunWithDatasets found = cache.find(id).orElse(null);
        if (found == null || !principal.sees(found.run().pipeline())) {
            throw ApiException.notFound("no run '" + id + "'");
        }
        return found;
    }

    private void runLogs(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8")
                .result(log(guard.visibleRun(ctx, ctx.pathParam("id")), MAX_LOG_BYTES));
    }

    /** The end of run {@code run}'s log, at most {@code limit} bytes of it; empty before the run wrote any. */
    String log(StoredRun run, long limit) {
        Path log = executor.logFile(run.id());
        try {
            return Files.exists(log) ? tail(log, limit) : "";
        } catch (IOException e) {
            throw new StrataException(ErrorCode.INTERNAL, "Cannot read the log of " + run.id(), e);
        }
    }

    /** The end of a file, at most {@code limit} bytes of it, from the first whole line. */
    private static String tail(Path file, long limit) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size <= limit) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) limit);
            channel.position(size - limit);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read the whole tail
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return "[the first " + (size - limit) + " bytes of the log are left out]\n"
                    + text.substring(text.indexOf('\n') + 1);
        }
    }
}
