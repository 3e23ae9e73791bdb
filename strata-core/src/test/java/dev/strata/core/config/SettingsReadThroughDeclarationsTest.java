package dev.strata.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the rule that settings are read through their declarations: no main source outside this package reads one
 * variable or property by name ({@code System.getenv("…")}, {@code System.getProperty(…)}) or spells a declared name.
 */
class SettingsReadThroughDeclarationsTest {
    private static final Pattern DIRECT_READ = Pattern.compile("System\\.getenv\\(\\s*[^)\\s]|System\\.getProperty\\(");

    private static final String SECRET_PACKAGE = Path.of("dev", "strata", "core", "secret") + "/";

    @Test
    void noMainSourceReadsOrSpellsASettingItself() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path file : mainSources()) {
            String text = Files.readString(file);
            if (DIRECT_READ.matcher(text).find()) {
                offences.add(file + " reads a variable or property directly");
            }
            // The secret sources sit below config (core's error messages use them): they name their own settings,
            // and the declarations refer to those constants.
            boolean namesItsOwn = file.toString().contains(SECRET_PACKAGE);
            for (Setting<?> setting : StrataConfig.ALL) {
                if (!namesItsOwn && text.contains("\"" + setting.name() + "\"")) {
                    offences.add(file + " spells \"" + setting.name() + "\"");
                }
            }
        }
        assertThat(offences)
                .as("declare the setting in dev.strata.core.config and read it with Config (docs/architecture.md"
                        + "#configuration)")
                .isEmpty();
    }

    private static List<Path> mainSources() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path declarations = Path.of("dev", "strata", "core", "config");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.toList()) {
                Path sources = module.resolve("src").resolve("main").resolve("java");
                if (Files.isDirectory(sources)) {
                    try (Stream<Path> walk = Files.walk(sources)) {
                        walk.filter(file -> file.toString().endsWith(".java"))
                                .filter(file -> !sources.relativize(file).startsWith(declarations))
                                .forEach(files::add);
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                }
            }
        }
        assertThat(files).as("the modules' sources are found from strata-core").hasSizeGreaterThan(100);
        return files;
    }
}
