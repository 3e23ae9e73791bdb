package dev.strata.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Variables;
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
import org.junit.jupiter.api.io.TempDir;

/** The pipeline and the strata.yaml of docs/targets.md load together, for each of their targets. */
class TargetsDocTest {
    private static final Path DOC = Path.of("..", "docs", "targets.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theExamplesLoadForEveryTarget() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = YAML_BLOCK.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        assertThat(blocks).hasSize(2);
        Path pipeline = Files.writeString(dir.resolve("pipeline.yaml"), blocks.get(0));
        Files.writeString(dir.resolve("strata.yaml"), blocks.get(1));
        Map<String, String> env = Map.of(
                "LAKE_BUCKET", "acme-lake",
                "STRATA_SECRET_SOURCES", "env",
                "STRATA_SECRET_S3_SECRET_KEY", "doc-test-key");

        Map<String, String> roots = new java.util.LinkedHashMap<>();
        for (String target : new String[] {null, "dev", "prod", "staging"}) {
            Pipeline loaded =
                    PipelineLoader.load(pipeline, pipeline, Variables.environment(env), AllowedRoots.any(), target);
            roots.put(String.valueOf(target), loaded.spec().storage().root());
        }

        assertThat(roots)
                .containsExactly(
                        Map.entry("null", dir.resolve("lakehouse").toString()),
                        Map.entry("dev", dir.resolve("lakehouse-dev").toString()),
                        Map.entry("prod", "s3a://acme-lake/orders"),
                        Map.entry("staging", "/mnt/staging/lakehouse"));
    }
}
