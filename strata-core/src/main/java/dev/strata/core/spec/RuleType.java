package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The quality rules a dataset may declare under {@code expect:}, by name. What each one takes, needs and judges is its
 * {@code RuleKind} in {@code dev.strata.core.quality.rules}, listed in {@code RuleKinds}.
 */
public enum RuleType {
    @JsonProperty("not_null")
    NOT_NULL(Scope.ROW),
    @JsonProperty("regex")
    REGEX(Scope.ROW),
    @JsonProperty("between")
    BETWEEN(Scope.ROW),
    @JsonProperty("in_set")
    IN_SET(Scope.ROW),
    @JsonProperty("not_in_set")
    NOT_IN_SET(Scope.ROW),
    @JsonProperty("length")
    LENGTH(Scope.ROW),
    @JsonProperty("type")
    TYPE(Scope.ROW),
    @JsonProperty("expression")
    EXPRESSION(Scope.ROW),
    @JsonProperty("references")
    REFERENCES(Scope.GROUPED),
    @JsonProperty("unique")
    UNIQUE(Scope.GROUPED),
    @JsonProperty("row_count")
    ROW_COUNT(Scope.AGGREGATE),
    @JsonProperty("freshness")
    FRESHNESS(Scope.AGGREGATE),
    @JsonProperty("completeness")
    COMPLETENESS(Scope.AGGREGATE),
    @JsonProperty("distinct_count")
    DISTINCT_COUNT(Scope.AGGREGATE),
    @JsonProperty("min")
    MIN(Scope.AGGREGATE),
    @JsonProperty("max")
    MAX(Scope.AGGREGATE),
    @JsonProperty("mean")
    MEAN(Scope.AGGREGATE),
    @JsonProperty("stddev")
    STDDEV(Scope.AGGREGATE),
    @JsonProperty("sum")
    SUM(Scope.AGGREGATE),
    @JsonProperty("entropy")
    ENTROPY(Scope.AGGREGATE),
    @JsonProperty("correlation")
    CORRELATION(Scope.AGGREGATE),
    @JsonProperty("uniqueness")
    UNIQUENESS(Scope.AGGREGATE),
    @JsonProperty("distinctness")
    DISTINCTNESS(Scope.AGGREGATE),
    @JsonProperty("unique_value_ratio")
    UNIQUE_VALUE_RATIO(Scope.AGGREGATE),
    @JsonProperty("variance")
    VARIANCE(Scope.AGGREGATE),
    @JsonProperty("approx_quantile")
    APPROX_QUANTILE(Scope.AGGREGATE),
    @JsonProperty("approx_count_distinct")
    APPROX_COUNT_DISTINCT(Scope.AGGREGATE),
    @JsonProperty("aggregate")
    AGGREGATE(Scope.AGGREGATE),
    @JsonProperty("anomaly")
    ANOMALY(Scope.AGGREGATE);

    /** Whether a rule judges each row, rows by a grouping key, or the batch as a whole. */
    public enum Scope {
        ROW,
        GROUPED,
        AGGREGATE
    }

    private final Scope scope;

    RuleType(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    /** Row and grouped rules can single out failing rows, so they may drop or quarantine them. */
    public boolean judgesRows() {
        return scope != Scope.AGGREGATE;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
