package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Locale;

/**
 * A run parameter the pipeline declares under {@code parameters:}, filled in wherever the file writes
 * {@code ${NAME}}: its type, its default (none: the parameter is required), and the values it may take.
 */
public record ParameterSpec(
        @JsonProperty(required = true)
        @JsonPropertyDescription("string | int | number | boolean | date (yyyy-MM-dd) | timestamp (ISO-8601).")
        Type type,

        @JsonProperty("default")
        @JsonPropertyDescription("The value when a run gives none; without a default the parameter is required.")
        String defaultValue,

        @JsonPropertyDescription("What the parameter means, shown to whoever starts a run.")
        String description,

        @JsonPropertyDescription("The only values the parameter may take, e.g. [full, incremental].")
        List<String> allowed) {

    public ParameterSpec {
        requireNonNull(type, "type is null");
        allowed = Specs.copy(allowed);
    }

    /** A parameter of this type, with a default or none, and no description or allowed values. */
    public static ParameterSpec of(Type type, String defaultValue) {
        return new ParameterSpec(type, defaultValue, null, null);
    }

    /** Whether a run must give a value. */
    public boolean required() {
        return defaultValue == null;
    }

    /** The types a parameter value may have; every value travels as text and is checked against its type. */
    public enum Type {
        @JsonProperty("string")
        STRING,
        @JsonProperty("int")
        INT,
        @JsonProperty("number")
        NUMBER,
        @JsonProperty("boolean")
        BOOLEAN,
        @JsonProperty("date")
        DATE,
        @JsonProperty("timestamp")
        TIMESTAMP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
