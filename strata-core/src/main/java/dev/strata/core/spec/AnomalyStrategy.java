package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How an anomaly rule judges a metric against its history. */
public enum AnomalyStrategy {
    @JsonProperty("absolute_change")
    ABSOLUTE_CHANGE,
    @JsonProperty("relative_rate_of_change")
    RELATIVE_RATE_OF_CHANGE,
    @JsonProperty("simple_threshold")
    SIMPLE_THRESHOLD,
    @JsonProperty("online_normal")
    ONLINE_NORMAL,
    @JsonProperty("batch_normal")
    BATCH_NORMAL,
    @JsonProperty("holt_winters")
    HOLT_WINTERS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
