package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The cycle a seasonal anomaly strategy expects in a metric's history. */
public enum Seasonality {
    /** One value per day, repeating weekly: a period of 7. */
    @JsonProperty("daily")
    DAILY(7),
    /** One value per week, repeating yearly: a period of 52. */
    @JsonProperty("weekly")
    WEEKLY(52);

    private final int period;

    Seasonality(int period) {
        this.period = period;
    }

    /** Values per cycle. */
    public int period() {
        return period;
    }
}
