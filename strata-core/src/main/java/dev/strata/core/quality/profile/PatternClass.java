package dev.strata.core.quality.profile;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The shape of a string value, for profiles. A value belongs to the first class, in declaration order, whose pattern
 * (Java regex, anchored) it matches; {@link #OTHER} takes the rest, so the classes of a column add up to its non-null
 * values.
 */
public enum PatternClass {
    /** Empty, or only whitespace. */
    BLANK("^\\s*$"),
    /** Digits with an optional sign: {@code 42}, {@code -7}, {@code 007}. */
    INTEGER("^[+-]?\\d+$"),
    /** A decimal point or an exponent: {@code 3.14}, {@code -.5}, {@code 1e6}. */
    DECIMAL("^[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+(\\.\\d*)?[eE][+-]?\\d+)$"),
    /** {@code 2024-03-01}. */
    ISO_DATE("^\\d{4}-\\d{2}-\\d{2}$"),
    /** {@code 2024-03-01T10:15}, with optional seconds, fraction and zone ({@code Z}, {@code +02:00}). */
    ISO_TIMESTAMP("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?$"),
    /** {@code 123e4567-e89b-12d3-a456-426614174000}, any case. */
    UUID("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
    /** Something, an {@code @}, and a domain with a dot; no whitespace. */
    EMAIL("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"),
    /** Letters only, in any script. */
    ALPHABETIC("^\\p{L}+$"),
    /** Letters and digits only, with at least one of each (the classes above take the pure ones). */
    ALPHANUMERIC("^[\\p{L}\\d]+$"),
    /** Anything else. */
    OTHER(null);

    private final String pattern;

    PatternClass(String pattern) {
        this.pattern = pattern;
    }

    /** The anchored Java regex of this class; null for {@link #OTHER}. */
    public String pattern() {
        return pattern;
    }

    /** The name in profiles, e.g. {@code iso_date}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
