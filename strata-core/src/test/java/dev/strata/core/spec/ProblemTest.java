package dev.strata.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {
    @Test
    void printsFileLineColumnPathMessageAndHint() {
        Problem problem = new Problem(
                "pipeline.yaml", 14, 7, "datasets.silver.orders.write.mode", "unknown write mode 'upsert'", "fix it");

        assertThat(problem)
                .hasToString(
                        "pipeline.yaml:14:7: datasets.silver.orders.write.mode: unknown write mode 'upsert' (fix it)");
        assertThat(problem.severity()).isEqualTo(Problem.Severity.ERROR);
    }

    @Test
    void leavesOutAMissingHintAndAnEmptyPath() {
        assertThat(new Problem("p.yaml", 1, 1, "", "the pipeline file is empty", null))
                .hasToString("p.yaml:1:1: the pipeline file is empty");
    }

    @Test
    void printsAProblemWithoutPositionWithoutLineAndColumn() {
        assertThat(Problem.unlocated("datasets.a.b.from", "references x.y, which is not defined", null))
                .hasToString("<pipeline>: datasets.a.b.from: references x.y, which is not defined");
    }

    @Test
    void marksWarnings() {
        Problem warning = new Problem("p.yaml", 3, 3, "sources.x", "unused", "remove it", Problem.Severity.WARNING);

        assertThat(warning).hasToString("p.yaml:3:3: warning: sources.x: unused (remove it)");
        assertThat(warning.isError()).isFalse();
    }

    @Test
    void rejectsNegativePositions() {
        assertThatThrownBy(() -> new Problem("p.yaml", -1, 0, "", "m", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validationExceptionPrintsOneProblemPerLine() {
        PipelineValidationException e = new PipelineValidationException(List.of(
                new Problem("p.yaml", 1, 7, "name", "a", null), new Problem("p.yaml", 2, 1, "schedule", "b", "c")));

        assertThat(e.getMessage()).isEqualTo("p.yaml:1:7: name: a\np.yaml:2:1: schedule: b (c)");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
        assertThat(e.problems()).hasSize(2);
    }
}
