package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Formats a source can be read from. */
public enum SourceFormat {
    @JsonProperty("csv")
    CSV,
    @JsonProperty("json")
    JSON,
    @JsonProperty("parquet")
    PARQUET,
    @JsonProperty("orc")
    ORC,
    @JsonProperty("delta")
    DELTA,
    @JsonProperty("iceberg")
    ICEBERG,
    @JsonProperty("hudi")
    HUDI,
    @JsonProperty("kafka")
    KAFKA,
    @JsonProperty("jdbc")
    JDBC;

    /** The name used in pipeline files and by Spark. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for formats read as files, whose ingestion the file ledger tracks. */
    public boolean isFileBased() {
        return this == CSV || this == JSON || this == PARQUET || this == ORC;
    }
}
