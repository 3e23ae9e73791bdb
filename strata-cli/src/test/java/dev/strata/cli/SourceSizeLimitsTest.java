package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds every module's main sources to the size limits of docs/architecture.md: a class that grows past them is doing
 * several things, and the next feature would have to touch all of them. The CLI module runs it because it is built
 * last and sees the whole tree.
 */
class SourceSizeLimitsTest {
    private static final int MAIN_LIMIT = 400;
    private static final int DATA_PATH_LIMIT = 300;

    /** The engine's packages that every batch passes through. */
    private static final List<String> DATA_PATH =
            List.of("run", "source", "sink", "quality", "transform", "ledger").stream()
                    .map(p -> "strata-engine/src/main/java/dev/strata/engine/" + p + "/")
                    .toList();

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void noMainSourceFileIsOverItsLimit() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(ROOT)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> ROOT.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> f.contains("/src/main/java/") && !f.contains("/target/"))
                    .sorted()
                    .map(SourceSizeLimitsTest::overLimit)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
        assertThat(tooLong)
                .as("main source files over their line limit (split them by responsibility: docs/architecture.md)")
                .isEmpty();
    }

    @Test
    void theRepositoryRootIsWhereTheLimitsLook() {
        assertThat(ROOT.resolve("strata-engine/src/main/java/dev/strata/engine/run"))
                .isDirectory();
    }

    private static String overLimit(String file) {
        int limit = DATA_PATH.stream().anyMatch(file::startsWith) ? DATA_PATH_LIMIT : MAIN_LIMIT;
        long lines;
        try (Stream<String> text = Files.lines(ROOT.resolve(file))) {
            lines = text.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines > limit ? file + ": " + lines + " lines (limit " + limit + ")" : "";
    }
}
