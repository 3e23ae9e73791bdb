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
        String maxAge,

        @JsonPropertyDescription(
                "Warn when the failures reach this, e.g. 'failed_fraction > 0.01' or 'failed_count >= 10'.")
        String warnIf,

        @JsonPropertyDescription(
                "Fail the rule (then on_fail applies) when the failures reach this, e.g. 'failed_count > 100'.")
        String errorIf,

        @JsonPropertyDescription("Largest change of the row count against the previous run, in percent (row_count).")
        Double maxChangePct,

        @JsonPropertyDescription(
                "How many standard deviations from the mean are normal (online_normal, batch_normal; default 3).")
        Double stddevs,

        @JsonPropertyDescription(
                "Fraction of the history used only to learn, never flagged (online_normal; default 0.1).")
        Double warmup,

        @JsonPropertyDescription("The metric's cycle: daily (daily runs, weekly cycle) or weekly (holt_winters).")
        Seasonality seasonality,

        @JsonPropertyDescription("How many past runs the anomaly rule compares with (default 60).")
        Integer history) {

    public RuleSpec {
        requireNonNull(rule, "rule is null");
        columns = Specs.copy(columns);
        values = values == null ? List.of() : List.copyOf(values);
        onFail = onFail == null ? OnFail.WARN : onFail;
        strict = strict != null && strict;
    }

    /** The past runs an anomaly rule reads when {@code history} is not set. */
    public static final int DEFAULT_HISTORY = 60;

    /**
     * {@code history}, or {@link #DEFAULT_HISTORY}; a seasonal strategy reads at least three of its cycles, since it
     * needs two to learn from.
     */
    @JsonIgnore
    public int historyOrDefault() {
        if (history != null) {
            return history;
        }
        return seasonality == null ? DEFAULT_HISTORY : Math.max(DEFAULT_HISTORY, 3 * seasonality.period());
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
        if (rule == RuleType.ANOMALY && metric != null) {
            return "anomaly(" + metric.replace(" ", "") + ")";
        }
        List<String> target = targetColumns();
        return target.isEmpty() ? rule.id() : rule.id() + "(" + String.join(",", target) + ")";
    }

    /** The required pass fraction: {@code mostly}, or 1. */
    @JsonIgnore
    public double requiredPassFraction() {
        return mostly == null ? 1.0 : mostly;
    }

    /** This rule with another {@code on_fail}: {@code strata check} reports failing rows instead of moving them. */
    public RuleSpec withOnFail(OnFail action) {
        return new RuleSpec(
                rule,
                name,
                column,
                columns,
                action,
                mostly,
                where,
                pattern,
                min,
                max,
                strict,
                values,
                expression,
                type,
                references,
                metric,
                strategy,
                maxIncrease,
                maxDecrease,
                maxAge,
                warnIf,
                errorIf,
                maxChangePct,
                stddevs,
                warmup,
                seasonality,
                history);
    }

    /** Builds a minimal rule, for tests and programmatic use. */
    public static RuleSpec of(RuleType rule, String column, OnFail onFail) {
        return builder(rule).column(column).onFail(onFail).build();
    }

    public static Builder builder(RuleType rule) {
        return new Builder(rule);
    }

    /** Builds a rule field by field, for tests and for code that writes rules (profile --suggest). */
    public static final class Builder {
        private final RuleType rule;
        private String name;
        private String column;
        private List<String> columns;
        private OnFail onFail;
        private Double mostly;
        private String where;
        private String pattern;
        private BigDecimal min;
        private BigDecimal max;
        private Boolean strict;
        private List<Object> values;
        private String expression;
        private String type;
        private String references;
        private String metric;
        private AnomalyStrategy strategy;
        private Double maxIncrease;
        private Double maxDecrease;
        private String maxAge;
        private String warnIf;
        private String errorIf;
        private Double maxChangePct;
        private Double stddevs;
        private Double warmup;
        private Seasonality seasonality;
        private Integer history;

        private Builder(RuleType rule) {
            this.rule = rule;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder column(String value) {
            this.column = value;
            return this;
        }

        public Builder columns(List<String> value) {
            this.columns = value;
            return this;
        }

        public Builder onFail(OnFail value) {
            this.onFail = value;
            return this;
        }

        public Builder mostly(Double value) {
            this.mostly = value;
            return this;
        }

        public Builder where(String value) {
            this.where = value;
            return this;
        }

        public Builder pattern(String value) {
            this.pattern = value;
            return this;
        }

        public Builder min(Number value) {
            this.min = value == null ? null : new BigDecimal(value.toString());
            return this;
        }

        public Builder max(Number value) {
            this.max = value == null ? null : new BigDecimal(value.toString());
            return this;
        }

        public Builder strict(boolean value) {
            this.strict = value;
            return this;
        }

        public Builder values(List<?> value) {
            this.values = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder expression(String value) {
            this.expression = value;
            return this;
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        public Builder references(String value) {
            this.references = value;
            return this;
        }

        public Builder metric(String value) {
            this.metric = value;
            return this;
        }

        public Builder strategy(AnomalyStrategy value) {
            this.strategy = value;
            return this;
        }

        public Builder maxIncrease(Double value) {
            this.maxIncrease = value;
            return this;
        }

        public Builder maxDecrease(Double value) {
            this.maxDecrease = value;
            return this;
        }

        public Builder maxAge(String value) {
            this.maxAge = value;
            return this;
        }

        public Builder warnIf(String value) {
            this.warnIf = value;
            return this;
        }

        public Builder errorIf(String value) {
            this.errorIf = value;
            return this;
        }

        public Builder maxChangePct(Double value) {
            this.maxChangePct = value;
            return this;
        }

        public Builder stddevs(Double value) {
            this.stddevs = value;
            return this;
        }

        public Builder warmup(Double value) {
            this.warmup = value;
            return this;
        }

        public Builder seasonality(Seasonality value) {
            this.seasonality = value;
            return this;
        }

        public Builder history(Integer value) {
            this.history = value;
            return this;
        }

        public RuleSpec build() {
            return new RuleSpec(
                    rule,
                    name,
                    column,
                    columns,
                    onFail,
                    mostly,
                    where,
                    pattern,
                    min,
                    max,
                    strict,
                    values,
                    expression,
                    type,
                    references,
                    metric,
                    strategy,
                    maxIncrease,
                    maxDecrease,
                    maxAge,
                    warnIf,
                    errorIf,
                    maxChangePct,
                    stddevs,
                    warmup,
                    seasonality,
                    history);
        }
    }
}
