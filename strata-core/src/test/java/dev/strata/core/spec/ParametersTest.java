package dev.strata.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.ParameterSpec.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {
    private static final Map<String, ParameterSpec> DECLARED = declared();

    private static Map<String, ParameterSpec> declared() {
        Map<String, ParameterSpec> declared = new LinkedHashMap<>();
        declared.put("DAY", new ParameterSpec(Type.DATE, "2026-01-01", "the day to load", null));
        declared.put("LIMIT", ParameterSpec.of(Type.INT, null));
        declared.put("MODE", new ParameterSpec(Type.STRING, "full", null, List.of("full", "incremental")));
        return declared;
    }

    private static String refusal(Map<String, ParameterSpec> declared, Map<String, String> given) {
        StrataException e = catchThrowableOfType(StrataException.class, () -> Parameters.resolve(declared, given));
        assertThat(e).as("expected the parameters to be refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
        return e.getMessage();
    }

    @Test
    void resolvesEveryDeclaredNameInOrderFromTheRequestElseItsDefault() {
        Map<String, String> values = Parameters.resolve(DECLARED, Map.of("LIMIT", "10", "MODE", "incremental"));

        assertThat(values)
                .containsExactly(
                        Map.entry("DAY", "2026-01-01"), Map.entry("LIMIT", "10"), Map.entry("MODE", "incremental"));
    }

    @Test
    void listsEveryProblemAtOnce() {
        assertThat(refusal(DECLARED, Map.of("DAY", "2026-13-01", "FOO", "x", "MODE", "fulll")))
                .isEqualTo("Cannot run pipeline with these parameters:"
                        + " parameters.DAY: '2026-13-01' is not a date (yyyy-MM-dd);"
                        + " parameters.LIMIT: required, and not given (give an int (a whole number, e.g. 42));"
                        + " parameters.MODE: 'fulll' is not one of full, incremental (did you mean 'full'?);"
                        + " parameters.FOO: not declared (declared: DAY, LIMIT, MODE)");
    }

    @Test
    void suggestsADeclaredNameForAMisspeltOne() {
        assertThat(refusal(DECLARED, Map.of("LIMIT", "1", "DAYS", "2026-01-02")))
                .isEqualTo("Cannot run pipeline with these parameters:"
                        + " parameters.DAYS: not declared (declared: DAY, LIMIT, MODE; did you mean DAY?)");
    }

    @Test
    void refusesAnyValueWhenNothingIsDeclared() {
        assertThat(refusal(Map.of(), Map.of("BASH_ENV", "$(id)")))
                .isEqualTo("Cannot run pipeline with these parameters:"
                        + " parameters.BASH_ENV: not declared (the pipeline declares no parameters)");
        assertThat(Parameters.resolve(Map.of(), Map.of())).isEmpty();
    }

    @Test
    void checksEachType() {
        assertThat(Parameters.typeProblem(Type.STRING, "")).isEmpty();
        assertThat(Parameters.typeProblem(Type.INT, "-42")).isEmpty();
        assertThat(Parameters.typeProblem(Type.INT, "9223372036854775808"))
                .contains("'9223372036854775808' is not an int (a whole number, e.g. 42)");
        assertThat(Parameters.typeProblem(Type.INT, "4.0")).isPresent();
        assertThat(Parameters.typeProblem(Type.INT, " 4")).isPresent();
        assertThat(Parameters.typeProblem(Type.NUMBER, "3.5")).isEmpty();
        assertThat(Parameters.typeProblem(Type.NUMBER, "-1e3")).isEmpty();
        assertThat(Parameters.typeProblem(Type.NUMBER, "NaN")).contains("'NaN' is not a number (e.g. 3.5)");
        assertThat(Parameters.typeProblem(Type.NUMBER, "1.")).isPresent();
        assertThat(Parameters.typeProblem(Type.BOOLEAN, "true")).isEmpty();
        assertThat(Parameters.typeProblem(Type.BOOLEAN, "yes")).contains("'yes' is not a boolean (true or false)");
        assertThat(Parameters.typeProblem(Type.DATE, "2026-02-28")).isEmpty();
        assertThat(Parameters.typeProblem(Type.DATE, "2026-02-30")).contains("'2026-02-30' is not a date (yyyy-MM-dd)");
        assertThat(Parameters.typeProblem(Type.DATE, "2026-1-1")).isPresent();
        assertThat(Parameters.typeProblem(Type.TIMESTAMP, "2026-01-31T08:00:00Z"))
                .isEmpty();
        assertThat(Parameters.typeProblem(Type.TIMESTAMP, "2026-01-31T08:00:00+01:00"))
                .isEmpty();
        assertThat(Parameters.typeProblem(Type.TIMESTAMP, "2026-01-31T08:00")).isEmpty();
        assertThat(Parameters.typeProblem(Type.TIMESTAMP, "2026-01-31"))
                .contains("'2026-01-31' is not a timestamp (ISO-8601, e.g. 2026-01-31T08:00:00Z)");
    }

    @Test
    void cutsAHugeValueShortInItsMessage() {
        String huge = "x".repeat(10_000);

        String message = refusal(Map.of("N", ParameterSpec.of(Type.INT, null)), Map.of("N", huge));

        assertThat(message).hasSizeLessThan(200).contains("'" + "x".repeat(80) + "…' is not an int");
    }

    @Test
    void reservesStrataNamesInAnyCase() {
        assertThat(Parameters.isReserved("STRATA_DB_URL")).isTrue();
        assertThat(Parameters.isReserved("strata_db_url")).isTrue();
        assertThat(Parameters.isReserved("MY_STRATA_X")).isFalse();
    }
}
