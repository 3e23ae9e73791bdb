package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One environment a pipeline runs in (dev, staging, prod), chosen with {@code --target} or {@code STRATA_TARGET}: what
 * it sets replaces the pipeline's own value, and what it leaves out keeps it.
 */
public record TargetSpec(
        @JsonPropertyDescription(
                "This target's storage: root, format and Iceberg catalog; unset keys keep the" + " pipeline's storage.")
        TargetStorageSpec storage,

        @JsonPropertyDescription("Where and how Spark runs for this target: master and conf.")
        SparkSpec spark) {

    public static final TargetSpec NONE = new TargetSpec(null, null);

    public TargetSpec {
        storage = storage == null ? TargetStorageSpec.NONE : storage;
        spark = spark == null ? SparkSpec.NONE : spark;
    }

    /** The pipeline's storage with what this target sets in place of it. */
    public StorageSpec applyTo(StorageSpec base) {
        return new StorageSpec(
                storage.root() != null ? storage.root() : base.root(),
                storage.format() != null ? storage.format() : base.format(),
                storage.iceberg() != null ? storage.iceberg() : base.iceberg(),
                base.retention());
    }
}
