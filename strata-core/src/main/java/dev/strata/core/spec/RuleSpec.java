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

        @JsonPropertyDescription("Exclude min itself (between); default strict.")
        Boolean strictMin,

        @JsonPropertyDescription("Exclude max itself (between); default strict.")
        Boolean strictMax,

        @JsonPropertyDescription("How a NULL value counts (value rules): fail (default), pass (stays checked, as in"
                + " Deequ's isContainedIn) or ignore (not checked, as in Great Expectations).")
        NullHandling nulls,

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
        Integer history,

        @JsonPropertyDescription("Use the sample (n - 1) rather than the population estimator (stddev, variance).")
        Boolean sample,

        @JsonPropertyDescription("The quantile to estimate, 0..1, e.g. 0.5 for the median (approx_quantile).")
        Double quantile,

        @JsonPropertyDescription("Order of the change (absolute_change, relative_rate_of_change; default 1).")
        Integer order,

        @JsonPropertyDescription("Standard deviations allowed below the mean; absent: that side unchecked.")
        Double lowerStddevs,

        @JsonPropertyDescription("Standard deviations allowed above the mean; absent: that side unchecked.")
        Double upperStddevs,

        @JsonPropertyDescription("Leave values this rule flagged out of the statistics (default true).")
        Boolean ignoreAnomalies,

        @JsonPropertyDescription("Values per cycle, e.g. 24 for hourly runs with a daily cycle (holt_winters).")
        Integer period,

        @JsonPropertyDescription("Only past runs recorded within this duration count, e.g. 30d (anomaly).")
        String window) {

    public RuleSpec {
        requireNonNull(rule, "rule is null");
        columns = Specs.copy(columns);
        values = values == null ? List.of() : List.copyOf(values);
        onFail = onFail == null ? OnFail.WARN : onFail;
        strict = strict != null && strict;
        strictMin = strictMin == null ? strict : strictMin;
        strictMax = strictMax == null ? strict : strictMax;
        nulls = nulls == null ? NullHandling.FAIL : nulls;
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
        Integer cycle = seasonPeriod();
        return cycle == null ? DEFAULT_HISTORY : Math.max(DEFAULT_HISTORY, 3 * cycle);
    }

    /** The values per cycle of a seasonal strategy: {@code period}, else the {@code seasonality}'s; null if neither. */
    @JsonIgnore
    public Integer seasonPeriod() {
        return period != null ? period : seasonality == null ? null : seasonality.period();
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
            return "anomaly(" + metric.trim().replaceAll("\\s*,\\s*", ",") + ")";
        }
        List<String> target = targetColumns();
        return target.isEmpty() ? rule.id() : rule.id() + "(" + String.join(",", target) + ")";
    }

    /**
     * The SQL condition selecting the rows the rule checks, or null for every row: {@code where}, narrowed with {@code
     * nulls: ignore} to the rows whose value (the column, or an expression rule's result) is set.
     */
    @JsonIgnore
    public String checkedWhere() {
        if (nulls != NullHandling.IGNORE || (column == null && rule != RuleType.EXPRESSION)) {
            return where;
        }
        String present = (rule == RuleType.EXPRESSION ? "(" + expression + ")" : "`" + column.replace("`", "``") + "`")
                + " IS NOT NULL";
        return where == null ? present : "(" + where + ") AND " + present;
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
                strictMin,
                strictMax,
                nulls,
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
                history,
                sample,
                quantile,
                order,
                lowerStddevs,
                upperStddevs,
                ignoreAnomalies,
                period,
                window);
    }

    /** Builds a minimal rule, for tests and programmatic use. */
    public static RuleSpec of(RuleType rule, String column, OnFail onFail) {
        return builder(rule).column(column).onFail(onFail).build();
    }

    public static RuleSpecBuilder builder(RuleType rule) {
        return new RuleSpecBuilder(rule);
    }
}
