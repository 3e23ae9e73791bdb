package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a target sets of {@code storage:}; a key left out keeps the pipeline's value. */
public record TargetStorageSpec(
        @JsonPropertyDescription("Root of all tables for this target, e.g. ./lakehouse-dev or s3a://bucket/prod;"
                + " relative paths resolve against the pipeline file's folder.")
        String root,

        @JsonPropertyDescription("Default table format for this target.")
        TableFormat format,

        @JsonPropertyDescription("The Iceberg catalog for this target (replaces storage.iceberg as a whole).")
        IcebergCatalogSpec iceberg) {

    public static final TargetStorageSpec NONE = new TargetStorageSpec(null, null, null);
}
