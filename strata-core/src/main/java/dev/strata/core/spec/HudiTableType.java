package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Hudi's two table layouts. */
public enum HudiTableType {
    /** Rewrites files on update; reads are plain Parquet scans (the default). */
    @JsonProperty("copy_on_write")
    COPY_ON_WRITE,
    /** Appends updates to log files merged at read time and by compaction; cheaper writes. */
    @JsonProperty("merge_on_read")
    MERGE_ON_READ;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
