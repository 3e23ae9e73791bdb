package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a write does with columns the table does not have yet. */
public enum SchemaEvolution {
    /** Fail with a diff of the columns (the default). */
    @JsonProperty("strict")
    STRICT,
    /** Widen the table. */
    @JsonProperty("add_columns")
    ADD_COLUMNS,
    /** Keep the table schema; unknown fields go to _rescued_data as JSON. */
    @JsonProperty("rescue")
    RESCUE,
    /** Drop unknown fields, counting them in the run record. */
    @JsonProperty("ignore")
    IGNORE
}
