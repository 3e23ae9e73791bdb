package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.RuleSpec;
import org.junit.jupiter.api.Test;

/** The anomaly settings (order, lower/upper_stddevs, ignore_anomalies, period, window): each is checked. */
class AnomalySettingsValidationTest {
    private static String rule(String fields) {
        return """
                name: shop
                datasets:
                  silver.a:
                    sql: SELECT 1 AS id
                    expect:
                      - {rule: anomaly, metric: row_count, %s}
                """.formatted(fields);
    }

    /** The problem with its line and column cut off after the dataset path, for short expectations. */
    private static String at(String fields) {
        String problem = problem(rule(fields));
        return problem.replaceFirst("^pipeline\\.yaml:6:\\d+: datasets\\.silver\\.a\\.expect\\[0\\]\\.", "");
    }

    @Test
    void acceptsEveryNewSettingOnItsStrategy() {
        RuleSpec rule = parse(rule("strategy: batch_normal, lower_stddevs: 2, ignore_anomalies: false, window: 30d"))
                .spec()
                .datasets()
                .get("silver.a")
                .expect()
                .get(0);
        assertThat(rule.lowerStddevs()).isEqualTo(2.0);
        assertThat(rule.upperStddevs()).isNull();
        assertThat(rule.ignoreAnomalies()).isFalse();
        assertThat(rule.window()).isEqualTo("30d");
        assertThat(parse(rule("strategy: relative_rate_of_change, max_increase: 2, order: 2"))
                        .spec()
                        .datasets()
                        .get("silver.a")
                        .expect()
                        .get(0)
                        .order())
                .isEqualTo(2);
        assertThat(parse(rule("strategy: holt_winters, period: 24, history: 72"))
                        .spec()
                        .datasets()
                        .get("silver.a")
                        .expect()
                        .get(0)
                        .seasonPeriod())
                .isEqualTo(24);
        RuleSpec hourly = parse(rule("strategy: holt_winters, period: 24"))
                .spec()
                .datasets()
                .get("silver.a")
                .expect()
                .get(0);
        assertThat(hourly.historyOrDefault()).as("three cycles of 24").isEqualTo(72);
    }

    @Test
    void refusesASettingOnAStrategyItDoesNotApplyTo() {
        assertThat(at("strategy: batch_normal, order: 2"))
                .isEqualTo("order: order does not apply to strategy batch_normal (order applies to absolute_change"
                        + " and relative_rate_of_change; remove it)");
        assertThat(at("strategy: absolute_change, max_increase: 5, upper_stddevs: 2"))
                .isEqualTo("upper_stddevs: upper_stddevs does not apply to strategy absolute_change (upper_stddevs"
                        + " applies to online_normal and batch_normal; remove it)");
        assertThat(at("strategy: simple_threshold, min: 1, ignore_anomalies: true"))
                .isEqualTo("ignore_anomalies: ignore_anomalies does not apply to strategy simple_threshold"
                        + " (ignore_anomalies applies to online_normal and batch_normal; remove it)");
        assertThat(at("strategy: online_normal, period: 24"))
                .isEqualTo("period: period does not apply to strategy online_normal (period applies to holt_winters;"
                        + " remove it)");
    }

    @Test
    void refusesBadValuesWithTheFieldAndAHint() {
        assertThat(at("strategy: absolute_change, max_increase: 5, order: 0"))
                .isEqualTo("order: order must be at least 1, got 0 (order: 1 compares with the previous run, order:"
                        + " 2 with the change before it)");
        assertThat(at("strategy: absolute_change, max_increase: 5, order: 5, history: 3"))
                .isEqualTo("order: order 5 needs more past runs than history 3 (raise history or lower order)");
        assertThat(at("strategy: batch_normal, stddevs: 3, lower_stddevs: 2"))
                .isEqualTo("lower_stddevs: set either stddevs (both sides) or lower_stddevs/upper_stddevs, not both"
                        + " (e.g. lower_stddevs: 2 alone checks only drops)");
        assertThat(at("strategy: online_normal, upper_stddevs: -1"))
                .isEqualTo("upper_stddevs: upper_stddevs must be positive (e.g. upper_stddevs: 3)");
        assertThat(at("strategy: holt_winters, period: 1"))
                .isEqualTo("period: period must be at least 2 values per cycle, got 1 (e.g. period: 24 for hourly"
                        + " runs with a daily cycle)");
        assertThat(at("strategy: holt_winters, period: 7, seasonality: daily"))
                .isEqualTo("period: set either period or seasonality, not both (seasonality: daily is period: 7,"
                        + " seasonality: weekly is period: 52)");
        assertThat(at("strategy: holt_winters, period: 24, history: 30"))
                .isEqualTo("history: holt_winters learns from two full cycles: history 30 is less than 2 x 24 (e.g."
                        + " history: 72 (three cycles))");
        assertThat(at("strategy: batch_normal, window: a month"))
                .isEqualTo("window: invalid window 'a month' (write a number and a unit s, m, h, d or w, e.g. 30d:"
                        + " only the past runs of the last 30 days count)");
        assertThat(problem(rule("strategy: batch_normal, window: a month")))
                .as("located at the field")
                .matches("pipeline\\.yaml:6:\\d+: datasets\\.silver\\.a\\.expect\\[0\\]\\.window: .*");
    }
}
