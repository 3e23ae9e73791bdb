package dev.strata.server;

import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.run.Resumption;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Parameters;
import dev.strata.core.spec.Pipeline;
import dev.strata.store.MetadataStore;
import dev.strata.store.NewRun;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunRepository.DatasetOutcome;
import dev.strata.store.RunRepository.RunWithDatasets;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/runs/{id}/resume}: a new queued run of the pipeline's current version that builds only the
 * datasets the original run did not finish (failed, not built because upstream failed, or never reached), with the
 * original's parameters and logical time, and records the run it resumes. The engine gets those datasets as its
 * {@code --only} selection, so the response shows exactly what the resume will build.
 */
final class RunResumes {
    private final MetadataStore store;
    private final RunQueue queue;

    RunResumes(MetadataStore store, RunQueue queue) {
        this.store = store;
        this.queue = queue;
    }

    /** Whether a run that ended in {@code state} may be resumed at all; {@link #resume} checks the rest. */
    static boolean resumable(State state) {
        return state.finished() && state != State.SUCCEEDED;
    }

    /** Queues the resume of {@code original} for {@code submittedBy}; a 409 that says why when it cannot be resumed. */
    StoredRun resume(StoredRun original, String submittedBy) {
        String id = original.id();
        if (!original.state().finished()) {
            throw ApiException.conflict(
                    "run " + id + " is still " + original.state().label() + ": only a run that ended can be resumed",
                    "wait for it to end, or cancel it first");
        }
        if (original.state() == State.SUCCEEDED) {
            throw ApiException.conflict(
                    "run " + id + " succeeded: every dataset of it is committed, so there is nothing to resume",
                    "start a new run with POST /api/v1/pipelines/" + original.pipeline() + "/runs");
        }
        List<StoredRun> active = store.runs().activeResumesOf(id);
        if (!active.isEmpty()) {
            throw ApiException.conflict(
                    "run " + id + " is already being resumed by run "
                            + active.get(0).id() + " (" + active.get(0).state().label() + ")",
                    "wait for that run to end");
        }
        StoredPipeline pipeline = store.pipelines()
                .find(original.pipeline())
                .orElseThrow(() -> ApiException.conflict(
                        "the pipeline '" + original.pipeline() + "' of run " + id + " was deleted",
                        "register it again to resume its runs"));
        Pipeline current = currentVersion(pipeline);
        List<String> datasets = Resumption.datasets(selected(current, original), outcomes(id));
        if (datasets.isEmpty()) {
            throw ApiException.conflict(
                    "run " + id + " left no dataset of the pipeline's current version unfinished: nothing to resume",
                    "start a new run with POST /api/v1/pipelines/" + original.pipeline() + "/runs");
        }
        try {
            Parameters.resolve(current.spec().parameters(), original.parameters());
        } catch (StrataException e) {
            throw ApiException.conflict(
                    "the parameters of run " + id + " no longer suit the pipeline's current version: "
                            + Messages.abbreviate(e.getMessage(), 1_000),
                    "start a new run with the parameters the current version declares");
        }
        Instant logicalTime = original.logicalTime() != null
                ? original.logicalTime()
                : original.startedAt() != null ? original.startedAt() : original.createdAt();
        return queue.enqueue(NewRun.of(
                        queue.newRunId(),
                        pipeline.name(),
                        pipeline.version(),
                        Resumption.selector(datasets),
                        original.parameters(),
                        submittedBy,
                        queue.now())
                .withLogicalTime(logicalTime)
                .withResumedFrom(id));
    }

    private Pipeline currentVersion(StoredPipeline pipeline) {
        String yaml = store.pipelines()
                .version(pipeline.name(), pipeline.version())
                .orElseThrow(() -> ApiException.notFound("no pipeline named '" + pipeline.name() + "'"))
                .yaml();
        try {
            return PipelineYaml.parse(yaml, Path.of(pipeline.baseDir()).resolve("pipeline.yaml"));
        } catch (StrataException e) {
            throw ApiException.conflict(
                    "Cannot resume a run of pipeline '" + pipeline.name()
                            + "': its current version no longer validates",
                    "PUT a corrected version");
        }
    }

    /** The datasets the original run selected, as the current version names them, in its order. */
    private static List<String> selected(Pipeline pipeline, StoredRun original) {
        PipelinePlan all = Planner.plan(pipeline.spec());
        PipelinePlan selected;
        try {
            selected = original.only() == null ? all : all.only(original.only());
        } catch (StrataException e) {
            throw ApiException.conflict(
                    "run " + original.id() + " selected datasets the pipeline's current version no longer has ("
                            + Messages.abbreviate(e.getMessage(), 500) + ")",
                    "start a new run that selects the datasets you want with \"only\"");
        }
        return selected.datasets().stream().map(d -> d.name().toString()).toList();
    }

    private Map<String, RunStatus> outcomes(String runId) {
        RunWithDatasets found = store.runs().findWithDatasets(runId).orElseThrow();
        Map<String, RunStatus> outcomes = new HashMap<>();
        for (DatasetOutcome outcome : found.datasets()) {
            try {
                outcomes.put(
                        outcome.dataset(), RunStatus.valueOf(outcome.state().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                // A state this version does not know: the dataset is built again.
            }
        }
        return outcomes;
    }
}
