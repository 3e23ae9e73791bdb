package dev.strata.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.plan.Planner;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pipeline files shown in the README are valid, so a user who copies one starts from something that works. */
class ReadmeExamplesTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyPipelineInTheReadmeValidatesAndPlans() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        List<String> pipelines = new ArrayList<>();
        Matcher matcher = YAML_BLOCK.matcher(readme);
        while (matcher.find()) {
            pipelines.add(matcher.group(1));
        }
        assertThat(pipelines).as("yaml blocks in the README").isNotEmpty();
        for (String yaml : pipelines) {
            Pipeline pipeline = PipelineLoader.parse(yaml, README.toAbsolutePath(), Map.of());
            assertThat(Planner.plan(pipeline.spec()).datasets()).as(yaml).isNotEmpty();
        }
    }
}
