package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.RuleSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolationTest {
    private static final String PIPELINE = """
            name: ${NAME}
            storage: {root: "${LAKE:-/data/lake}"}
            sources:
              raw: {format: csv, path: "${DATA:-data}/orders/", options: {sep: "$${NOT_A_VAR}"}}
            datasets:
              bronze.orders: {from: raw}
            """;

    @Test
    void replacesSetVariables() {
        PipelineSpec spec = parse(PIPELINE, Map.of("NAME", "shop", "LAKE", "/lake", "DATA", "/in"))
                .spec();

        assertThat(spec.name()).isEqualTo("shop");
        assertThat(spec.storage().root()).isEqualTo("/lake");
        assertThat(spec.sources().get("raw").path()).isEqualTo("/in/orders");
    }

    @Test
    void usesDefaultsForUnsetOrEmptyVariables() {
        PipelineSpec spec = parse(PIPELINE, Map.of("NAME", "shop", "LAKE", "")).spec();

        assertThat(spec.storage().root()).isEqualTo("/data/lake");
        assertThat(spec.sources().get("raw").path()).endsWith("/data/orders");
    }

    @Test
    void keepsAnEscapedReferenceLiterally() {
        PipelineSpec spec = parse(PIPELINE, Map.of("NAME", "shop")).spec();

        assertThat(spec.sources().get("raw").options()).containsEntry("sep", "${NOT_A_VAR}");
    }

    @Test
    void reportsAnUnsetVariableWithoutDefault() {
        assertThat(problems(PIPELINE, Map.of()))
                .containsExactly("pipeline.yaml:1:7: name: environment variable NAME is not set"
                        + " (export NAME=… or write ${NAME:-default})");
    }

    @Test
    void reportsEveryUnsetVariable() {
        assertThat(problems("name: ${A}-${B}\ndatasets: {}\n", Map.of()))
                .containsExactly(
                        "pipeline.yaml:1:7: name: environment variable A is not set (export A=… or write ${A:-default})",
                        "pipeline.yaml:1:7: name: environment variable B is not set (export B=… or write ${B:-default})");
    }

    @Test
    void reportsAnUnclosedReference() {
        assertThat(problems("name: shop\ndatasets: {}\nschedule: \"${CRON\"\n", Map.of()))
                .containsExactly("pipeline.yaml:3:11: schedule: unclosed '${' in '${CRON'"
                        + " (close it with '}', or write $${ for a literal ${)");
    }

    @Test
    void reportsAnInvalidVariableName() {
        assertThat(problems("name: \"${1X}\"\ndatasets: {}\n", Map.of()))
                .containsExactly("pipeline.yaml:1:7: name: invalid environment variable reference '${1X}'"
                        + " (write ${NAME} or ${NAME:-default}, or $${ for a literal ${)");
    }

    @Test
    void convertsAVariableToTheNumberOrBooleanTheFieldWants() {
        PipelineSpec spec = parse("""
                        name: shop
                        sources:
                          t: {format: delta, path: t/, as_of_version: "${VERSION}"}
                        datasets:
                          bronze.t:
                            from: t
                            expect: [{rule: between, column: x, min: "${MIN:-0}", mostly: "${MOSTLY}"}]
                            encrypt: {columns: [x], key: k, deterministic: "${DET}"}
                        """, Map.of("VERSION", "42", "MOSTLY", "0.95", "DET", "true"))
                .spec();

        RuleSpec rule = spec.datasets().get("bronze.t").expect().get(0);
        assertThat(spec.sources().get("t").asOfVersion()).isEqualTo(42L);
        assertThat(rule.min()).isEqualByComparingTo("0");
        assertThat(rule.mostly()).isEqualTo(0.95);
        assertThat(spec.datasets().get("bronze.t").encrypt().deterministic()).isTrue();
    }

    @Test
    void rejectsAVariableThatIsNotTheNumberTheFieldWants() {
        assertThat(problems(
                        "name: shop\nsources: {t: {format: delta, path: t/, as_of_version: \"${V}\"}}\n"
                                + "datasets: {bronze.t: {from: t}}\n",
                        Map.of("V", "latest")))
                .containsExactly("pipeline.yaml:2:55: sources.t.as_of_version: expected a whole number, got a string");
    }

    @Test
    void doesNotTurnAQuotedNumberIntoANumber() {
        assertThat(problems(
                        "name: shop\nsources: {t: {format: delta, path: t/, as_of_version: \"42\"}}\n"
                                + "datasets: {bronze.t: {from: t}}\n",
                        Map.of()))
                .containsExactly("pipeline.yaml:2:55: sources.t.as_of_version: expected a whole number, got a string");
    }

    @Test
    void substitutesInsideSql() {
        PipelineSpec spec = parse(
                        "name: shop\ndatasets:\n  gold.a: {sql: \"SELECT * FROM silver.b WHERE d > '${SINCE}'\"}\n"
                                + "  silver.b: {sql: SELECT 1}\n",
                        Map.of("SINCE", "2024-01-01"))
                .spec();

        assertThat(spec.datasets().get("gold.a").sql()).isEqualTo("SELECT * FROM silver.b WHERE d > '2024-01-01'");
    }
}
