package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Formats a dataset can be written in. */
public enum TableFormat {
    @JsonProperty("delta")
    DELTA,
    @JsonProperty("iceberg")
    ICEBERG,
    @JsonProperty("hudi")
    HUDI,
    @JsonProperty("parquet")
    PARQUET,
    @JsonProperty("orc")
    ORC,
    @JsonProperty("json")
    JSON,
    @JsonProperty("csv")
    CSV;

    /** The name used in pipeline files and by Spark. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for table formats (Delta, Iceberg, Hudi), which update and delete rows in atomic commits. */
    public boolean isTable() {
        return this == DELTA || this == ICEBERG || this == HUDI;
    }
}
