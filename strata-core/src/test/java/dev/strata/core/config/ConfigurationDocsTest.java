package dev.strata.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is what the declarations generate, so the reference cannot drift from the code. */
class ConfigurationDocsTest {
    @Test
    void theCommittedReferenceIsGeneratedFromTheDeclarations() throws IOException {
        Path committed = Path.of("..", "docs", "configuration.md");
        String expected = ConfigurationDocs.markdown();
        assertThat(Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "")
                .as("docs/configuration.md differs from the declarations in dev.strata.core.config; regenerate it"
                        + " from the repository's root with: " + ConfigurationDocs.REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void everySettingHasItsRowAndDocumentation() {
        String markdown = ConfigurationDocs.markdown();
        for (Setting<?> setting : StrataConfig.ALL) {
            assertThat(setting.documentation()).as(setting.name()).isNotBlank();
            assertThat(markdown).contains("| `" + setting.displayName() + "` |");
        }
    }
}
