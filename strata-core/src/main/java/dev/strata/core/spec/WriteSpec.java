package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

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

        @JsonPropertyDescription("SQL condition marking a soft delete (merge).")
        String deleteWhen) {

    public static final WriteSpec APPEND = new WriteSpec(WriteMode.APPEND, null, null, null, null, null, null);

    public WriteSpec {
        mode = mode == null ? WriteMode.APPEND : mode;
        keys = Specs.copy(keys);
        track = Specs.copy(track);
        partitionBy = Specs.copy(partitionBy);
    }

    /** The effective format: this write's own, else the pipeline default. */
    public TableFormat formatOr(TableFormat pipelineDefault) {
        return format == null ? pipelineDefault : format;
    }
}
