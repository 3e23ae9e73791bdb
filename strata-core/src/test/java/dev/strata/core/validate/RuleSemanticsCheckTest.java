package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.NullHandling;
import dev.strata.core.spec.RuleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule identity, {@code nulls:} and per-bound strictness as the validator reads them. */
class RuleSemanticsCheckTest {
    private static String rules(String items) {
        return """
                name: shop
                datasets:
                  silver.a:
                    sql: SELECT 1 AS id, 'x' AS email, 'DE' AS country
                    expect:
                      %s
                """.formatted(items);
    }

    private static List<RuleSpec> expect(String items) {
        return parse(rules(items)).spec().datasets().get("silver.a").expect();
    }

    @Test
    void namesTwoRulesThatShareADefaultNameAfterAllTheirParameters() {
        List<RuleSpec> rules = expect("- {rule: completeness, column: email, min: 0.9}\n"
                + "      - {rule: completeness, column: email, min: 0.99, where: \"country = 'DE'\"}\n"
                + "      - {rule: not_null, column: id}");

        assertThat(rules)
                .extracting(RuleSpec::displayName)
                .containsExactly(
                        "completeness(email) [min: 0.9]",
                        "completeness(email) [where: country = 'DE', min: 0.99]",
                        "not_null(id)");
    }

    @Test
    void keepsTheDefaultNameOfARuleNoOtherShares() {
        assertThat(expect("- {rule: completeness, column: email, min: 0.9, where: \"id > 0\"}"))
                .extracting(RuleSpec::displayName)
                .containsExactly("completeness(email)");
    }

    @Test
    void refusesTheSameRuleTwice() {
        assertThat(problem(rules("- {rule: not_null, column: id}\n      - {rule: not_null, column: id}")))
                .isEqualTo("pipeline.yaml:7:9: datasets.silver.a.expect[1]: rule not_null(id) repeats expect[0]"
                        + " (remove one of them; two rules that differ in a parameter (where, min, ...) are both"
                        + " kept)");
    }

    @Test
    void refusesOneNameGivenTwice() {
        assertThat(problem(rules("- {rule: not_null, column: id, name: key}\n"
                        + "      - {rule: not_null, column: email, name: key}")))
                .isEqualTo("pipeline.yaml:7:41: datasets.silver.a.expect[1].name: rule name 'key' is already used by"
                        + " expect[0] (give each rule its own name: it keys the rule's results and metrics)");
    }

    @Test
    void refusesANameThatIsAnotherRulesDefaultName() {
        assertThat(problem(rules("- {rule: not_null, column: email, name: not_null(id)}\n"
                        + "      - {rule: not_null, column: id}")))
                .isEqualTo("pipeline.yaml:7:9: datasets.silver.a.expect[1]: rule not_null(id) has the name of"
                        + " expect[0] (give one of them a name: it keys the rule's results and metrics)");
    }

    @Test
    void readsNullsOnValueRulesOnly() {
        List<RuleSpec> rules = expect("- {rule: in_set, column: country, values: [DE], nulls: pass}\n"
                + "      - {rule: regex, column: email, pattern: '@', nulls: ignore, where: \"id > 0\"}\n"
                + "      - {rule: expression, expression: \"id > 0\", nulls: ignore}\n"
                + "      - {rule: length, column: email, min: 1}");

        assertThat(rules)
                .extracting(RuleSpec::nulls)
                .containsExactly(NullHandling.PASS, NullHandling.IGNORE, NullHandling.IGNORE, NullHandling.FAIL);
        assertThat(rules)
                .extracting(RuleSpec::checkedWhere)
                .containsExactly(null, "(id > 0) AND `email` IS NOT NULL", "(id > 0) IS NOT NULL", null);
        assertThat(problem(rules("- {rule: not_null, column: id, nulls: pass}")))
                .startsWith("pipeline.yaml:6:38: datasets.silver.a.expect[0].nulls: 'nulls' does not apply to rule"
                        + " not_null");
        assertThat(problem(rules("- {rule: in_set, column: id, values: [1], nulls: sometimes}")))
                .contains("nulls");
    }

    @Test
    void readsTheStrictnessOfEachBound() {
        List<RuleSpec> rules = expect("- {rule: between, column: id, min: 0, max: 9, strict_min: true}\n"
                + "      - {rule: between, column: id, min: 0, max: 9, strict: true, strict_max: false}\n"
                + "      - {rule: between, column: id, min: 1, max: 9, strict: true}");

        assertThat(rules).extracting(RuleSpec::strictMin).containsExactly(true, true, true);
        assertThat(rules).extracting(RuleSpec::strictMax).containsExactly(false, false, true);
    }
}
