package dev.strata.core.spec;

import java.math.BigDecimal;
import java.util.List;

/** Builds a rule field by field, for tests and for code that writes rules (profile --suggest). */
public final class RuleSpecBuilder {
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
    private Boolean strictMin;
    private Boolean strictMax;
    private NullHandling nulls;
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
    private Boolean sample;
    private Double quantile;
    private Integer order;
    private Double lowerStddevs;
    private Double upperStddevs;
    private Boolean ignoreAnomalies;
    private Integer period;
    private String window;

    RuleSpecBuilder(RuleType rule) {
        this.rule = rule;
    }

    public RuleSpecBuilder name(String value) {
        this.name = value;
        return this;
    }

    public RuleSpecBuilder column(String value) {
        this.column = value;
        return this;
    }

    public RuleSpecBuilder columns(List<String> value) {
        this.columns = value;
        return this;
    }

    public RuleSpecBuilder onFail(OnFail value) {
        this.onFail = value;
        return this;
    }

    public RuleSpecBuilder mostly(Double value) {
        this.mostly = value;
        return this;
    }

    public RuleSpecBuilder where(String value) {
        this.where = value;
        return this;
    }

    public RuleSpecBuilder pattern(String value) {
        this.pattern = value;
        return this;
    }

    public RuleSpecBuilder min(Number value) {
        this.min = value == null ? null : new BigDecimal(value.toString());
        return this;
    }

    public RuleSpecBuilder max(Number value) {
        this.max = value == null ? null : new BigDecimal(value.toString());
        return this;
    }

    public RuleSpecBuilder strict(boolean value) {
        this.strict = value;
        return this;
    }

    public RuleSpecBuilder strictMin(boolean value) {
        this.strictMin = value;
        return this;
    }

    public RuleSpecBuilder strictMax(boolean value) {
        this.strictMax = value;
        return this;
    }

    public RuleSpecBuilder nulls(NullHandling value) {
        this.nulls = value;
        return this;
    }

    public RuleSpecBuilder values(List<?> value) {
        this.values = value == null ? null : List.copyOf(value);
        return this;
    }

    public RuleSpecBuilder expression(String value) {
        this.expression = value;
        return this;
    }

    public RuleSpecBuilder type(String value) {
        this.type = value;
        return this;
    }

    public RuleSpecBuilder references(String value) {
        this.references = value;
        return this;
    }

    public RuleSpecBuilder metric(String value) {
        this.metric = value;
        return this;
    }

    public RuleSpecBuilder strategy(AnomalyStrategy value) {
        this.strategy = value;
        return this;
    }

    public RuleSpecBuilder maxIncrease(Double value) {
        this.maxIncrease = value;
        return this;
    }

    public RuleSpecBuilder maxDecrease(Double value) {
        this.maxDecrease = value;
        return this;
    }

    public RuleSpecBuilder maxAge(String value) {
        this.maxAge = value;
        return this;
    }

    public RuleSpecBuilder warnIf(String value) {
        this.warnIf = value;
        return this;
    }

    public RuleSpecBuilder errorIf(String value) {
        this.errorIf = value;
        return this;
    }

    public RuleSpecBuilder maxChangePct(Double value) {
        this.maxChangePct = value;
        return this;
    }

    public RuleSpecBuilder stddevs(Double value) {
        this.stddevs = value;
        return this;
    }

    public RuleSpecBuilder warmup(Double value) {
        this.warmup = value;
        return this;
    }

    public RuleSpecBuilder seasonality(Seasonality value) {
        this.seasonality = value;
        return this;
    }

    public RuleSpecBuilder history(Integer value) {
        this.history = value;
        return this;
    }

    public RuleSpecBuilder sample(boolean value) {
        this.sample = value;
        return this;
    }

    public RuleSpecBuilder quantile(Double value) {
        this.quantile = value;
        return this;
    }

    /** The anomaly settings: order, lower and upper stddevs, ignore_anomalies, period, window. */
    public RuleSpecBuilder anomaly(
            Integer order, Double lower, Double upper, Boolean ignore, Integer period, String window) {
        this.order = order;
        this.lowerStddevs = lower;
        this.upperStddevs = upper;
        this.ignoreAnomalies = ignore;
        this.period = period;
        this.window = window;
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
}
