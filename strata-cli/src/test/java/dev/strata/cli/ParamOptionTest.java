package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --param NAME=VALUE} on the commands that load a pipeline, and the flags of a restricted run, without Spark. */
class ParamOptionTest {
    @TempDir
    Path dir;

    private String file;

    @BeforeEach
    void pipeline() throws IOException {
        file = dir.resolve("pipeline.yaml").toString();
        Files.writeString(Path.of(file), """
                name: shop
                parameters:
                  DAY: {type: date, default: "2026-01-01"}
                  LIMIT: {type: int}
                datasets:
                  gold.top: {sql: "SELECT '${DAY}' AS day, id FROM range(${LIMIT})",
                    expect: [{rule: row_count, min: "${LIMIT}", name: "${LIMIT} rows of ${DAY}"}]}
                """, StandardCharsets.UTF_8);
    }

    @Test
    void validateAndPlanFillInTheGivenValues() {
        Invocation validate = strata("validate", file, "--param", "LIMIT=3");
        Invocation plan = strata("plan", file, "--param", "LIMIT=3", "--param", "DAY=2026-02-03");

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("rules:     3 rows of 2026-02-03 -> warn");
    }

    @Test
    void refusesAParameterThePipelineDoesNotDeclare() {
        Invocation validate = strata("validate", file, "--param", "LIMIT=3", "--param", "LIMITS=4");

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err())
                .isEqualTo(file + ":3:3: parameters.LIMITS: a value is given for LIMITS, which the pipeline does not"
                        + " declare (declared: DAY, LIMIT; did you mean LIMIT?)\n1 problem(s) found.\n");
    }

    @Test
    void checksEachValueAgainstItsTypeAndAsksForRequiredOnes() {
        Invocation validate = strata("validate", file, "--param", "DAY=2026-13-01");

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines())
                .containsExactly(
                        file + ":3:3: parameters.DAY: '2026-13-01' (given for the run) is not a date (yyyy-MM-dd)",
                        file + ":4:3: parameters.LIMIT: required parameter LIMIT has no value (pass --param LIMIT=…,"
                                + " export LIMIT=…, or give it a default)",
                        "2 problem(s) found.");
    }

    @Test
    void refusesAParamWithoutAValue() {
        Invocation validate = strata("validate", file, "--param", "LIMIT");

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err()).contains("should be in KEY=VALUE format but was LIMIT");
    }

    @Test
    void aRestrictedRunNeedsItsRootsAndSummaryBeforeAnythingStarts() {
        Invocation noRoots = strata(
                "run",
                file,
                "--restricted",
                "--summary-json",
                dir.resolve("s.json").toString());
        Invocation noSummary = strata("run", file, "--restricted", "--allowed-root", dir.toString());
        Invocation rootsAlone = strata("run", file, "--allowed-root", dir.toString());

        assertThat(noRoots.exitCode()).isEqualTo(2);
        assertThat(noRoots.err())
                .isEqualTo("strata: Cannot run restricted: no --allowed-root is given (a restricted run needs at least"
                        + " one --allowed-root, and --summary-json, in whose folder it writes engine.log)\n");
        assertThat(noSummary.exitCode()).isEqualTo(2);
        assertThat(noSummary.err()).contains("no --summary-json is given");
        assertThat(rootsAlone.exitCode()).isEqualTo(2);
        assertThat(rootsAlone.err())
                .isEqualTo("strata: Cannot use --allowed-root without --restricted (add --restricted)\n");
        assertThat(Files.exists(dir.resolve("engine.log"))).isFalse();
    }
}
