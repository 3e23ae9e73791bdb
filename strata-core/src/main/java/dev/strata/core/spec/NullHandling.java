package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** How a value rule counts a row whose value is NULL ({@code nulls:}). */
public enum NullHandling {
    /** The row fails, as Deequ's raw Compliance and PatternMatch count it (the default). */
    @JsonProperty("fail")
    FAIL,
    /** The row passes and stays among the checked rows, as Deequ's isContainedIn and isNonNegative count it. */
    @JsonProperty("pass")
    PASS,
    /** The row is not checked: it is out of the failed and the checked rows, as Great Expectations counts it. */
    @JsonProperty("ignore")
    IGNORE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
