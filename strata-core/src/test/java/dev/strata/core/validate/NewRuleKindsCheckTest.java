package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator knows entropy and correlation from the rule registry alone. */
class NewRuleKindsCheckTest {
    private static String rules(String items) {
        return """
                name: shop
                datasets:
                  silver.a:
                    sql: SELECT 1 AS id
                    expect:
                      %s
                """.formatted(items);
    }

    @Test
    void readsEntropyAndCorrelation() {
        Pipeline pipeline = parse(rules("- {rule: entropy, column: id, min: 0.5}\n"
                + "      - {rule: correlation, columns: [id, amount], min: -1, max: 1}"));

        List<RuleSpec> rules = pipeline.spec().datasets().get("silver.a").expect();
        assertThat(rules).extracting(RuleSpec::rule).containsExactly(RuleType.ENTROPY, RuleType.CORRELATION);
        assertThat(rules.get(1).displayName()).isEqualTo("correlation(id,amount)");
    }

    @Test
    void requiresAColumnAndABoundForEntropy() {
        assertThat(problem(rules("- {rule: entropy, min: 1}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule entropy needs 'column'"
                        + " (e.g. {rule: entropy, column: country, min: 1.5})");
        assertThat(problem(rules("- {rule: entropy, column: id}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule entropy needs 'min' or 'max'"
                        + " (e.g. {rule: entropy, column: country, min: 1.5})");
    }

    @Test
    void requiresTwoColumnsForCorrelation() {
        assertThat(problem(rules("- {rule: correlation, columns: [id], min: 0}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule correlation needs two 'columns'"
                        + " (e.g. {rule: correlation, columns: [price, quantity], min: -0.5, max: 0.5})");
        assertThat(problem(rules("- {rule: correlation, column: id, columns: [id, amount], min: 0}")))
                .startsWith("pipeline.yaml:6:29: datasets.silver.a.expect[0].column: 'column' does not apply to"
                        + " rule correlation");
    }

    @Test
    void keepsRowsWhateverEntropySays() {
        assertThat(problem(rules("- {rule: entropy, column: id, min: 1, on_fail: quarantine}")))
                .contains("rule entropy cannot quarantine rows: it judges the dataset as a whole");
    }
}
