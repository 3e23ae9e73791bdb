package dev.strata.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pipeline of docs/parameters.md validates, with its defaults and with values given for a run. */
class ParametersDocTest {
    private static final Path DOC = Path.of("..", "docs", "parameters.md");

    @Test
    void theExampleValidatesAndTakesGivenValues() throws Exception {
        Matcher yaml = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        assertThat(yaml.find()).isTrue();

        Pipeline defaults = PipelineLoader.parse(yaml.group(1), DOC.toAbsolutePath(), Map.of());
        Pipeline given = PipelineLoader.parse(
                yaml.group(1),
                DOC.toAbsolutePath(),
                Variables.restricted(Map.of("DAY", "2026-03-01", "LIMIT", "5", "MODE", "incremental"), Map.of()),
                AllowedRoots.any());

        assertThat(defaults.spec().parameters()).hasSize(6);
        assertThat(defaults.spec().datasets().get("gold.sample").sql()).endsWith("rand() < 0.5 LIMIT 100");
        assertThat(given.spec().sources().get("orders_raw").path()).endsWith("/data/2026-03-01");
        assertThat(given.spec().datasets().get("gold.sample").expect().get(0).name())
                .isEqualTo("rows of 2026-03-01 (incremental)");
    }
}
