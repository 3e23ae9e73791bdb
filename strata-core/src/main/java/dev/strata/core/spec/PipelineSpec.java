package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** A whole pipeline file, as the user declared it. */
public record PipelineSpec(
        @JsonProperty(required = true) @JsonPropertyDescription("The pipeline's name, of letters, digits, '_' and '-'.")
        String name,

        @JsonPropertyDescription("Where tables live and in which default format.")
        StorageSpec storage,

        @JsonPropertyDescription("Named inputs read by bronze datasets.")
        Map<String, SourceSpec> sources,

        @JsonProperty(required = true)
        @JsonPropertyDescription("Datasets keyed by layer.name, e.g. bronze.orders, silver.orders, gold.revenue.")
        Map<String, DatasetSpec> datasets,

        @JsonPropertyDescription("When `strata serve` starts runs: a 5-field cron expression (UTC), or"
                + " {cron, timezone, catch_up: skip | once | all, paused}.")
        ScheduleSpec schedule,

        @JsonPropertyDescription("How long a run may take under `strata serve` before it is killed and failed, e.g. 2h;"
                + " STRATA_RUN_TIMEOUT (6h) when absent.")
        String timeout,

        @JsonPropertyDescription("Events that start a run under `strata serve`.")
        List<TriggerSpec> triggers,

        @JsonPropertyDescription("Run parameters by name, each filling in ${NAME} wherever the file writes it;"
                + " typed, with an optional default (without one the parameter is required).")
        Map<String, ParameterSpec> parameters,

        @JsonPropertyDescription("What every dataset takes unless it sets its own: retries and retry_backoff.")
        DatasetDefaults defaults,

        @JsonPropertyDescription("Environments by name (dev, staging, prod), chosen with --target or STRATA_TARGET:"
                + " each may set storage (root, format, iceberg) and spark (master, conf). A strata.yaml beside the"
                + " pipeline may hold more; a name defined in both is refused.")
        Map<String, TargetSpec> targets,

        @JsonPropertyDescription(
                "How many datasets a run builds at once, each as soon as its inputs are built (1 builds"
                        + " them one at a time in plan order); strata run's --max-parallel wins over it; the machine's cores"
                        + " when absent.")
        Integer maxParallel) {

    public PipelineSpec {
        requireNonNull(name, "name is null");
        storage = storage == null ? StorageSpec.DEFAULT : storage;
        sources = Specs.orderedCopy(sources);
        datasets = Specs.orderedCopy(datasets);
        triggers = Specs.copy(triggers);
        parameters = Specs.orderedCopy(parameters);
        defaults = defaults == null ? DatasetDefaults.NONE : defaults;
        targets = Specs.orderedCopy(targets);
    }

    /** This spec with {@code newStorage} and {@code newTargets} in place of its own. */
    public PipelineSpec with(StorageSpec newStorage, Map<String, TargetSpec> newTargets) {
        return new PipelineSpec(
                name,
                newStorage,
                sources,
                datasets,
                schedule,
                timeout,
                triggers,
                parameters,
                defaults,
                newTargets,
                maxParallel);
    }
}
