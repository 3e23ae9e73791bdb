package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a pipeline's tables live: a local path or a Hadoop URI (s3a://, abfss://, wasbs://, gs://). */
public record StorageSpec(
        @JsonPropertyDescription("Root of all tables; relative paths resolve against the pipeline file's folder.")
        String root,

        @JsonPropertyDescription("Default table format for datasets that do not set write.format.")
        TableFormat format,

        @JsonPropertyDescription("The catalog of Iceberg tables; a Hadoop catalog on storage.root by default.")
        IcebergCatalogSpec iceberg,

        @JsonPropertyDescription(
                "How long `strata maintain` keeps old table versions and snapshots, e.g. 7d (the default) or 48h.")
        String retention) {

    public static final String DEFAULT_ROOT = "./lakehouse";
    public static final String DEFAULT_RETENTION = "7d";
    public static final StorageSpec DEFAULT = new StorageSpec(DEFAULT_ROOT, TableFormat.DELTA, null, null);

    public StorageSpec {
        root = root == null ? DEFAULT_ROOT : root;
        format = format == null ? TableFormat.DELTA : format;
        iceberg = iceberg == null ? IcebergCatalogSpec.DEFAULT : iceberg;
        retention = retention == null ? DEFAULT_RETENTION : retention;
    }

    public StorageSpec(String root, TableFormat format) {
        this(root, format, null, null);
    }

    public StorageSpec withRoot(String newRoot) {
        return new StorageSpec(newRoot, format, iceberg, retention);
    }
}
