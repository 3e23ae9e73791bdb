package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a failing rule does. */
public enum OnFail {
    /** Count the failures and report; keep the rows (the default). */
    @JsonProperty("warn")
    WARN,
    /** Remove failing rows; they count as dropped. */
    @JsonProperty("drop")
    DROP,
    /** Move failing rows to the dataset's quarantine table with the rules they broke. */
    @JsonProperty("quarantine")
    QUARANTINE,
    /** Fail the dataset and skip everything downstream of it. */
    @JsonProperty("fail")
    FAIL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
