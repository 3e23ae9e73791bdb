package dev.strata.core.quality.profile;

import static java.util.Objects.requireNonNull;

/** A value, as text, and how many rows hold it. */
public record ValueCount(String value, long count) {
    public ValueCount {
        requireNonNull(value, "value is null");
    }
}
