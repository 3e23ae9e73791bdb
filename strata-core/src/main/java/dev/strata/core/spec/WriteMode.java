package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How rows reach the table. */
public enum WriteMode {
    @JsonProperty("append")
    APPEND,
    @JsonProperty("overwrite")
    OVERWRITE,
    @JsonProperty("merge")
    MERGE,
    @JsonProperty("scd2")
    SCD2,
    @JsonProperty("delete")
    DELETE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
