package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a pipeline's tables live: a local path or a Hadoop URI (s3a://, abfss://, gs://). */
public record StorageSpec(
        @JsonPropertyDescription("Root of all tables; relative paths resolve against the pipeline file's folder.")
        String root,

        @JsonPropertyDescription("Default table format for datasets that do not set write.format.")
        TableFormat format) {

    public static final String DEFAULT_ROOT = "./lakehouse";
    public static final StorageSpec DEFAULT = new StorageSpec(DEFAULT_ROOT, TableFormat.DELTA);

    public StorageSpec {
        root = root == null ? DEFAULT_ROOT : root;
        format = format == null ? TableFormat.DELTA : format;
    }

    public StorageSpec withRoot(String newRoot) {
        return new StorageSpec(newRoot, format);
    }
}
