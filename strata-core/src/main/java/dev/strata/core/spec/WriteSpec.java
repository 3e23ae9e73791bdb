package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** How a dataset is written: mode, keys, format and layout. */
public record WriteSpec(
        @JsonPropertyDescription("append (default) | overwrite | merge | scd2 | delete.")
        WriteMode mode,

        @JsonPropertyDescription("Key columns for merge, scd2 and delete.")
        List<String> keys,

        @JsonPropertyDescription("Columns whose change opens a new version (scd2).")
        List<String> track,

        @JsonPropertyDescription("Table format; defaults to storage.format.")
        TableFormat format,

        @JsonPropertyDescription("Partition columns.") List<String> partitionBy,

        @JsonPropertyDescription("Resolves duplicate keys within one batch (scd2, merge), e.g. \"updated_at DESC\".")
        String orderBy,

        @JsonPropertyDescription(
                "SQL condition on the input marking a soft delete (merge): a matching row deletes its key from the"
                        + " table.")
        String deleteWhen,

        @JsonPropertyDescription("Hudi table type: copy_on_write (default) | merge_on_read.")
        HudiTableType tableType,

        @JsonPropertyDescription(
                "Options passed as is to the format's writer, e.g. {hoodie.parquet.max.file.size: ...}.")
        Map<String, String> options) {

    public static final WriteSpec APPEND =
            new WriteSpec(WriteMode.APPEND, null, null, null, null, null, null, null, null);

    public WriteSpec {
        mode = mode == null ? WriteMode.APPEND : mode;
        keys = Specs.copy(keys);
        track = Specs.copy(track);
        partitionBy = Specs.copy(partitionBy);
        options = Specs.orderedCopy(options);
    }

    /** The effective format: this write's own, else the pipeline default. */
    public TableFormat formatOr(TableFormat pipelineDefault) {
        return format == null ? pipelineDefault : format;
    }
}
