package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.Parameters;
import dev.strata.store.MetadataStore;
import dev.strata.store.NewRun;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunRepository.StoredRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Puts runs on the store's queue, with the parameters a request gave, and wakes the executor to take them. */
final class RunQueue {
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final MetadataStore store;
    private final RunExecutor executor;
    private final Clock clock;

    RunQueue(MetadataStore store, RunExecutor executor, Clock clock) {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
    }

    /** Who a scheduled run was submitted by. */
    static final String SCHEDULE = "schedule";

    /** Queues a run of the pipeline's current version for {@code submittedBy}. */
    StoredRun queue(StoredPipeline pipeline, String only, Map<String, String> parameters, String submittedBy) {
        return enqueue(NewRun.of(
                newRunId(), pipeline.name(), pipeline.version(), only, parameters, submittedBy, clock.instant()));
    }

    /** Queues {@code run}, and wakes the executor to take it. */
    StoredRun enqueue(NewRun run) {
        StoredRun queued = store.runs().enqueue(run);
        executor.wake();
        return queued;
    }

    /** A new server run id, e.g. {@code run_20261206T203700_3f9a1c2b}. */
    String newRunId() {
        return "run_" + RUN_TIME.format(clock.instant()) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Queues the scheduled run of fire time {@code fireTime}, for that logical time, with the parameters' defaults;
     * empty when the fire time was claimed already (by this server or another).
     */
    Optional<StoredRun> queueScheduled(StoredPipeline pipeline, Instant fireTime) {
        Optional<StoredRun> run = store.schedules()
                .fire(NewRun.of(
                                newRunId(),
                                pipeline.name(),
                                pipeline.version(),
                                null,
                                Map.of(),
                                SCHEDULE,
                                clock.instant())
                        .withLogicalTime(fireTime));
        run.ifPresent(queued -> executor.wake());
        return run;
    }

    /**
     * The request's parameters, each one the pipeline's current version declares, of its type: given as an object of
     * names to strings, numbers or booleans. A run of the version gets exactly these, as {@code --param} options of its
     * engine; a parameter not given takes its declared default there.
     */
    Map<String, String> parameters(StoredPipeline pipeline, JsonNode given) {
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
}
