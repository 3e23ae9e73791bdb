package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.math.BigDecimal;
import java.util.List;

/** One quality rule under {@code expect:}. Which fields apply depends on {@link #rule()}. */
public record RuleSpec(
        @JsonProperty(required = true) @JsonPropertyDescription("The rule.")
        RuleType rule,

        @JsonPropertyDescription("A name for the rule in reports; defaults to rule(column).")
        String name,

        @JsonPropertyDescription("The column a one-column rule checks.")
        String column,

        @JsonPropertyDescription("The columns a several-column rule checks (unique).")
        List<String> columns,

        @JsonPropertyDescription("warn (default) | drop | quarantine | fail.")
        OnFail onFail,

        @JsonPropertyDescription("Fraction of rows that must pass for the rule to pass, 0..1 (default 1).")
        Double mostly,

        @JsonPropertyDescription("Only rows matching this SQL condition are checked.")
        String where,

        @JsonPropertyDescription("Regular expression (Java syntax) the value must match (regex).")
        String pattern,

        @JsonPropertyDescription("Lower bound (between, row_count, length).")
        BigDecimal min,

        @JsonPropertyDescription("Upper bound (between, row_count, length).")
        BigDecimal max,

        @JsonPropertyDescription("Exclude the bounds themselves (between); default false.")
        Boolean strict,

        @JsonPropertyDescription("Allowed (in_set) or forbidden (not_in_set) values.")
        List<Object> values,

        @JsonPropertyDescription("SQL boolean every row must satisfy (expression), or an aggregate (aggregate).")
        String expression,

        @JsonPropertyDescription("Spark type the value must parse as (type).")
        String type,

        @JsonPropertyDescription("Referenced dataset and column, as layer.name.column (references).")
        String references,

        @JsonPropertyDescription("Metric an anomaly rule watches, e.g. row_count.")
        String metric,

        @JsonPropertyDescription("Anomaly detection strategy.")
        AnomalyStrategy strategy,

        @JsonPropertyDescription("Largest allowed increase (anomaly).")
        Double maxIncrease,

        @JsonPropertyDescription("Largest allowed decrease (anomaly).")
        Double maxDecrease,

        @JsonPropertyDescription("Largest allowed age of the newest value, e.g. 24h (freshness).")
        String maxAge) {

    public RuleSpec {
        requireNonNull(rule, "rule is null");
        columns = Specs.copy(columns);
        values = values == null ? List.of() : List.copyOf(values);
        onFail = onFail == null ? OnFail.WARN : onFail;
        strict = strict != null && strict;
    }

    /** The columns this rule reads: {@code column} or {@code columns}. */
    @JsonIgnore
    public List<String> targetColumns() {
        return column != null ? List.of(column) : columns;
    }

    /** The name shown in reports and in {@code _failed_rules}, e.g. {@code not_null(order_id)}. */
    @JsonIgnore
    public String displayName() {
        if (name != null) {
            return name;
        }
        List<String> target = targetColumns();
        return target.isEmpty() ? rule.id() : rule.id() + "(" + String.join(",", target) + ")";
    }

    /** The required pass fraction: {@code mostly}, or 1. */
    @JsonIgnore
    public double requiredPassFraction() {
        return mostly == null ? 1.0 : mostly;
    }

    /** Builds a minimal rule, for tests and programmatic use. */
    public static RuleSpec of(RuleType rule, String column, OnFail onFail) {
        return new RuleSpec(
                rule, null, column, null, onFail, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
