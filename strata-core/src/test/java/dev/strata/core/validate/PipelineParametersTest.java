package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.ParameterSpec.Type;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.Variables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code parameters:} in a pipeline file, and how {@code ${NAME}} resolves for CLI, server and unresolved loads. */
class PipelineParametersTest {
    private static final String PIPELINE = """
            name: shop
            parameters:
              DAY: {type: date, default: "2026-01-01", description: "the day to load"}
              LIMIT: {type: int}
              MODE: {type: string, default: full, allowed: [full, incremental]}
            storage: {root: "/lake/${MODE}"}
            sources:
              raw: {format: csv, path: "/in/${DAY}/"}
            datasets:
              bronze.orders: {from: raw}
              gold.top: {sql: "SELECT * FROM bronze.orders LIMIT ${LIMIT}"}
            """;

    private static Pipeline load(String yaml, Variables variables) {
        return PipelineLoader.parse(yaml, Yaml.FILE, variables, AllowedRoots.any());
    }

    private static List<String> problems(String yaml, Variables variables) {
        PipelineValidationException e =
                catchThrowableOfType(PipelineValidationException.class, () -> load(yaml, variables));
        assertThat(e).as("expected the pipeline to be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void bindsTheDeclarationsInOrder() {
        PipelineSpec spec =
                load(PIPELINE, Variables.of(Map.of("LIMIT", "5"), Map.of())).spec();

        assertThat(spec.parameters()).containsOnlyKeys("DAY", "LIMIT", "MODE");
        assertThat(spec.parameters().keySet()).containsExactly("DAY", "LIMIT", "MODE");
        assertThat(spec.parameters().get("DAY"))
                .isEqualTo(new ParameterSpec(Type.DATE, "2026-01-01", "the day to load", List.of()));
        assertThat(spec.parameters().get("LIMIT").required()).isTrue();
        assertThat(spec.parameters().get("MODE").allowed()).containsExactly("full", "incremental");
    }

    @Test
    void fillsInAGivenValueElseTheEnvironmentElseTheDefault() {
        PipelineSpec spec = load(
                        PIPELINE,
                        Variables.of(
                                Map.of("LIMIT", "5", "MODE", "incremental"),
                                Map.of("MODE", "full", "DAY", "2026-03-04")))
                .spec();

        assertThat(spec.storage().root()).isEqualTo("/lake/incremental");
        assertThat(spec.sources().get("raw").path()).isEqualTo("/in/2026-03-04");
        assertThat(spec.datasets().get("gold.top").sql()).isEqualTo("SELECT * FROM bronze.orders LIMIT 5");

        PipelineSpec defaults =
                load(PIPELINE, Variables.of(Map.of("LIMIT", "5"), Map.of())).spec();
        assertThat(defaults.storage().root()).isEqualTo("/lake/full");
        assertThat(defaults.sources().get("raw").path()).isEqualTo("/in/2026-01-01");
    }

    @Test
    void keepsDefaultsAsWrittenAndDeclarationsUninterpolated() {
        PipelineSpec spec =
                load("""
                        name: shop
                        parameters:
                          N: {type: int, default: 010}
                          FLAG: {type: boolean, default: true, allowed: [true, false]}
                          TEXT: {type: string, default: "${HOME}"}
                        datasets:
                          gold.x: {sql: "SELECT ${N} AS n, ${FLAG} AS f, '${TEXT}' AS t"}
                        """, Variables.environment(Map.of("HOME", "/root"))).spec();

        assertThat(spec.parameters().get("N").defaultValue()).isEqualTo("010");
        assertThat(spec.parameters().get("FLAG").allowed()).containsExactly("true", "false");
        assertThat(spec.datasets().get("gold.x").sql()).isEqualTo("SELECT 010 AS n, true AS f, '${HOME}' AS t");
    }

    @Test
    void keepsReadingUndeclaredVariablesFromTheEnvironmentInACliRun() {
        PipelineSpec spec = load(
                        "name: shop\nstorage: {root: \"${LAKE}/${STRATA_LAKEHOUSE:-x}\"}\ndatasets: {gold.x: {sql: SELECT 1}}\n",
                        Variables.environment(Map.of("LAKE", "/lake", "STRATA_LAKEHOUSE", "y")))
                .spec();

        assertThat(spec.storage().root()).isEqualTo("/lake/y");
    }

    @Test
    void refusesAGivenValueThePipelineDoesNotDeclare() {
        assertThat(problems(PIPELINE, Variables.of(Map.of("LIMIT", "5", "LIMT", "6", "BASH_ENV", "x"), Map.of())))
                .containsExactly(
                        "pipeline.yaml:3:3: parameters.BASH_ENV: a value is given for BASH_ENV, which the pipeline"
                                + " does not declare (declared: DAY, LIMIT, MODE)",
                        "pipeline.yaml:3:3: parameters.LIMT: a value is given for LIMT, which the pipeline does not"
                                + " declare (declared: DAY, LIMIT, MODE; did you mean LIMIT?)");
    }

    @Test
    void checksEveryValueAgainstItsDeclarationWhereItIsDeclared() {
        assertThat(problems(
                        PIPELINE, Variables.of(Map.of("DAY", "2026-13-01", "MODE", "fulll"), Map.of("LIMIT", "ten"))))
                .containsExactly(
                        "pipeline.yaml:3:3: parameters.DAY: '2026-13-01' (given for the run) is not a date"
                                + " (yyyy-MM-dd)",
                        "pipeline.yaml:4:3: parameters.LIMIT: 'ten' (from environment variable LIMIT) is not an int"
                                + " (a whole number, e.g. 42)",
                        "pipeline.yaml:5:3: parameters.MODE: 'fulll' (given for the run) is not one of full,"
                                + " incremental (did you mean 'full'?)");
    }

    @Test
    void reportsARequiredParameterWithoutValueOnceAtItsDeclaration() {
        assertThat(problems(PIPELINE, Variables.environment(Map.of())))
                .containsExactly("pipeline.yaml:4:3: parameters.LIMIT: required parameter LIMIT has no value"
                        + " (pass --param LIMIT=…, export LIMIT=…, or give it a default)");
    }

    @Test
    void validatesTheDeclarations() {
        assertThat(problems("""
                        name: shop
                        parameters:
                          A: {type: integer, default: 1}
                          B: {type: date, default: "2026-02-30"}
                          C: {type: int, allowed: [1, two], default: 3}
                          D: {type: string, allowed: [], default: x}
                          STRATA_DB_URL: {type: string, default: x}
                          9LIVES: {type: int, default: 9}
                          E: {type: string, defualt: x}
                        datasets: {gold.x: {sql: SELECT 1}}
                        """, Variables.environment(Map.of())))
                .containsExactly(
                        "pipeline.yaml:3:13: parameters.A.type: unknown parameter type 'integer' (expected string |"
                                + " int | number | boolean | date | timestamp; did you mean 'int'?)",
                        "pipeline.yaml:4:28: parameters.B.default: the default '2026-02-30' is not a date"
                                + " (yyyy-MM-dd)",
                        "pipeline.yaml:5:31: parameters.C.allowed[1]: 'two' is not an int (a whole number, e.g. 42)",
                        "pipeline.yaml:5:46: parameters.C.default: the default '3' is not one of 1, two",
                        "pipeline.yaml:6:30: parameters.D.allowed: allowed lists no value (list the values the"
                                + " parameter may take, e.g. [full, incremental], or remove allowed)",
                        "pipeline.yaml:7:3: parameters.STRATA_DB_URL: parameter name 'STRATA_DB_URL' is reserved:"
                                + " names starting with STRATA_ are Strata's own settings (rename it, e.g. DB_URL)",
                        "pipeline.yaml:8:3: parameters.9LIVES: invalid parameter name '9LIVES' (use letters, digits"
                                + " and '_', not starting with a digit, e.g. RUN_DATE)",
                        "pipeline.yaml:9:3: parameters.E: required parameter E has no value (pass --param E=…,"
                                + " export E=…, or give it a default)",
                        "pipeline.yaml:9:21: parameters.E.defualt: unknown key 'defualt' (did you mean 'default'?)");
    }

    @Test
    void resolvesOnlyDeclaredParametersAndListedVariablesInARestrictedRun() {
        String yaml = """
                name: shop
                parameters:
                  REGION: {type: string, default: eu}
                storage: {root: "/lake/${REGION}/${AWS_REGION}"}
                datasets: {gold.x: {sql: SELECT 1}}
                """;
        Map<String, String> env = Map.of("REGION", "us", "AWS_REGION", "eu-west-1", Variables.RUN_ENV, "AWS_REGION");

        PipelineSpec spec = load(yaml, Variables.restricted(Map.of(), env)).spec();
        assertThat(spec.storage().root())
                .as("a declared parameter takes its default, never the environment, in a server run")
                .isEqualTo("/lake/eu/eu-west-1");

        PipelineSpec given =
                load(yaml, Variables.restricted(Map.of("REGION", "ap"), env)).spec();
        assertThat(given.storage().root()).isEqualTo("/lake/ap/eu-west-1");
    }

    @Test
    void refusesTheServersSettingsAndAnyOtherVariableInARestrictedRun() {
        String yaml = """
                name: shop
                storage: {root: "${STRATA_DB_URL}"}
                sources:
                  raw: {format: csv, path: "${HOME:-/tmp}/x", options: {user: "${strata_db_user}"}}
                datasets: {bronze.x: {from: raw}}
                """;
        Map<String, String> env = Map.of(
                "STRATA_DB_URL",
                "jdbc:postgresql://127.0.0.1/strata",
                "HOME",
                "/root",
                "strata_db_user",
                "postgres",
                Variables.RUN_ENV,
                "STRATA_DB_URL, strata_db_user");

        assertThat(problems(yaml, Variables.restricted(Map.of(), env)))
                .containsExactly(
                        "pipeline.yaml:2:17: storage.root: ${STRATA_DB_URL} is not available to server runs: names"
                                + " starting with STRATA_ are Strata's own settings (declare a parameter under"
                                + " parameters:, e.g. DB_URL: {type: string}, and give its value with the run)",
                        "pipeline.yaml:4:28: sources.raw.path: ${HOME} is not available to server runs: they see"
                                + " declared parameters only, and the environment variables the operator lists in"
                                + " STRATA_RUN_ENV (declare it under parameters:, e.g. HOME: {type: string}, and give"
                                + " its value with the run)",
                        "pipeline.yaml:4:63: sources.raw.options.user: ${strata_db_user} is not available to server"
                                + " runs: names starting with STRATA_ are Strata's own settings (declare a parameter"
                                + " under parameters:, e.g. db_user: {type: string}, and give its value with the run)");
    }

    @Test
    void reportsARequiredParameterWithoutValueInARestrictedRun() {
        assertThat(problems(PIPELINE, Variables.restricted(Map.of(), Map.of("LIMIT", "5"))))
                .containsExactly("pipeline.yaml:4:3: parameters.LIMIT: required parameter LIMIT has no value"
                        + " (give it with the run, or give it a default)");
    }

    @Test
    void leavesReferencesAsWrittenWhenUnresolved() {
        PipelineSpec spec = load(PIPELINE.replace("/in/", "${DATA}/in/"), Variables.unresolved())
                .spec();

        assertThat(spec.storage().root()).isEqualTo("/lake/full");
        assertThat(spec.sources().get("raw").path())
                .isEqualTo(Yaml.FILE
                        .toAbsolutePath()
                        .getParent()
                        .resolve("${DATA}/in/2026-01-01")
                        .toString());
        assertThat(spec.datasets().get("gold.top").sql()).isEqualTo("SELECT * FROM bronze.orders LIMIT ${LIMIT}");
    }
}
