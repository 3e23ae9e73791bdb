package dev.strata.core.quality.profile;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The family of a column's Spark type; it decides which statistics a profile holds for the column. */
public enum ColumnKind {
    /** byte, short, int, long. */
    INTEGRAL,
    /** float, double, decimal. */
    FRACTIONAL,
    STRING,
    DATE,
    /** timestamp, timestamp_ntz. */
    TIMESTAMP,
    BOOLEAN,
    BINARY,
    /** array, map, struct and anything else: only nulls are counted. */
    COMPLEX;

    public boolean numeric() {
        return this == INTEGRAL || this == FRACTIONAL;
    }

    /** Whether values have an order, so min and max are meaningful. */
    public boolean ordered() {
        return numeric() || this == STRING || this == DATE || this == TIMESTAMP;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
