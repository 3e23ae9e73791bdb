package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helpers: parse pipeline text as {@code pipeline.yaml} and read back its problems as printed. */
final class Yaml {
    static final Path FILE = Path.of("pipeline.yaml");

    private Yaml() {}

    static Pipeline parse(String yaml) {
        return PipelineLoader.parse(yaml, FILE, Map.of());
    }

    static Pipeline parse(String yaml, Map<String, String> env) {
        return PipelineLoader.parse(yaml, FILE, env);
    }

    /** Every error, printed as the CLI prints it. */
    static List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static List<String> problems(String yaml, Map<String, String> env) {
        PipelineValidationException e =
                catchThrowableOfType(PipelineValidationException.class, () -> PipelineLoader.parse(yaml, FILE, env));
        assertThat(e).as("expected the pipeline to be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    /** The only error. */
    static String problem(String yaml) {
        List<String> problems = problems(yaml);
        assertThat(problems).as("expected exactly one problem").hasSize(1);
        return problems.get(0);
    }
}
