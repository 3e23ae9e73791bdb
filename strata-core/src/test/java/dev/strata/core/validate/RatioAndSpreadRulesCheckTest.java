package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problem;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validator on uniqueness, distinctness, unique_value_ratio, variance, stddev's sample, approx_quantile,
 * approx_count_distinct and references' subset ratio: the fields each takes, needs and bounds, with path and hint.
 */
class RatioAndSpreadRulesCheckTest {
    private static String rules(String items) {
        return """
                name: shop
                datasets:
                  silver.c:
                    sql: SELECT 1 AS customer_id
                  silver.a:
                    sql: SELECT 1 AS id
                    expect:
                      %s
                """.formatted(items);
    }

    private static List<RuleSpec> read(String items) {
        return parse(rules(items)).spec().datasets().get("silver.a").expect();
    }

    @Test
    void readsEveryNewKindWithItsFields() {
        List<RuleSpec> rules = read("- {rule: uniqueness, column: id, min: 0.99}\n"
                + "      - {rule: distinctness, columns: [id, day], min: 0.5}\n"
                + "      - {rule: unique_value_ratio, column: id, max: 1}\n"
                + "      - {rule: variance, column: amount, max: 100, sample: true}\n"
                + "      - {rule: stddev, column: amount, max: 10, sample: true}\n"
                + "      - {rule: approx_quantile, column: amount, quantile: 0.5, min: 1}\n"
                + "      - {rule: approx_count_distinct, column: id, min: 1, on_fail: fail}\n"
                + "      - {rule: references, column: id, references: silver.c.customer_id, min: 0.99}");

        assertThat(rules)
                .extracting(RuleSpec::rule)
                .containsExactly(
                        RuleType.UNIQUENESS,
                        RuleType.DISTINCTNESS,
                        RuleType.UNIQUE_VALUE_RATIO,
                        RuleType.VARIANCE,
                        RuleType.STDDEV,
                        RuleType.APPROX_QUANTILE,
                        RuleType.APPROX_COUNT_DISTINCT,
                        RuleType.REFERENCES);
        assertThat(rules.get(1).displayName()).isEqualTo("distinctness(id,day)");
        assertThat(rules.get(3).sample()).isTrue();
        assertThat(rules.get(5).quantile()).isEqualTo(0.5);
        assertThat(rules.get(7).min()).isEqualByComparingTo("0.99");
        assertThat(read("- {rule: variance, column: amount, max: 1}").get(0).sample())
                .as("population by default")
                .isNull();
    }

    @Test
    void requiresAColumnOrColumnsAndABoundForTheRatios() {
        assertThat(problem(rules("- {rule: uniqueness, min: 1}")))
                .isEqualTo("pipeline.yaml:8:9: datasets.silver.a.expect[0]: rule uniqueness needs 'column' or"
                        + " 'columns' (e.g. {rule: uniqueness, column: order_id, min: 0.99})");
        assertThat(problem(rules("- {rule: unique_value_ratio, column: id}")))
                .isEqualTo("pipeline.yaml:8:9: datasets.silver.a.expect[0]: rule unique_value_ratio needs 'min' or"
                        + " 'max' (e.g. {rule: unique_value_ratio, column: email, min: 0.9})");
    }

    @Test
    void requiresAQuantileBetweenZeroAndOne() {
        assertThat(problem(rules("- {rule: approx_quantile, column: amount, min: 1}")))
                .isEqualTo("pipeline.yaml:8:9: datasets.silver.a.expect[0]: rule approx_quantile needs 'quantile'"
                        + " (e.g. {rule: approx_quantile, column: amount, quantile: 0.5, min: 10, max: 200})");
        assertThat(problem(rules("- {rule: approx_quantile, column: amount, quantile: 50, min: 1}")))
                .isEqualTo("pipeline.yaml:8:59: datasets.silver.a.expect[0].quantile: quantile must be between 0"
                        + " and 1, not 50 (e.g. quantile: 0.5)");
    }

    @Test
    void takesSampleOnlyOnStddevAndVariance() {
        assertThat(problem(rules("- {rule: mean, column: amount, max: 1, sample: true}")))
                .startsWith("pipeline.yaml:8:46: datasets.silver.a.expect[0].sample: 'sample' does not apply to rule"
                        + " mean (rule mean takes: column, min, max, name, on_fail, where)");
        assertThat(problems(rules("- {rule: variance, column: amount, max: 1, sample: maybe}")))
                .singleElement()
                .asString()
                .contains("datasets.silver.a.expect[0].sample");
    }

    @Test
    void takesASubsetRatioOnReferencesBetweenZeroAndOne() {
        assertThat(read("- {rule: references, column: id, references: silver.c.customer_id}")
                        .get(0)
                        .min())
                .as("min is optional on references")
                .isNull();
        assertThat(problem(rules("- {rule: references, column: id, references: silver.c.customer_id, min: 99}")))
                .isEqualTo("pipeline.yaml:8:79: datasets.silver.a.expect[0].min: min must be between 0 and 1, not 99"
                        + " (e.g. min: 0.99)");
        assertThat(problem(rules("- {rule: references, column: id, references: silver.c.customer_id, max: 1}")))
                .startsWith("pipeline.yaml:8:74: datasets.silver.a.expect[0].max: 'max' does not apply to rule"
                        + " references");
    }

    @Test
    void keepsRowsWhateverTheNewWholeBatchRulesSay() {
        assertThat(problem(rules("- {rule: distinctness, column: id, min: 1, on_fail: drop}")))
                .contains("rule distinctness cannot drop rows: it judges the dataset as a whole");
    }
}
