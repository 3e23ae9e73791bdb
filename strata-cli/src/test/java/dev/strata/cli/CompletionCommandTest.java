package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata completion}: picocli's completion script of the whole command tree, for bash and zsh. */
class CompletionCommandTest {

    @Test
    void printsABashScriptThatCompletesEveryCommandAndItsOptions() {
        Invocation completion = strata("completion");

        assertThat(completion.exitCode()).as(completion.err()).isZero();
        assertThat(completion.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_strata")
                .contains("function _picocli_strata_compile()")
                .contains("function _picocli_strata_quality_history()")
                .contains("--explain")
                .contains("--only");
        assertThat(completion.out())
                .as("the root's subcommands")
                .containsPattern(
                        "local commands=\"init doctor validate plan compile run check sql shell quality maintain"
                                + " profile keys schema demo-data argo completion daemon help\"");
        assertThat(completion.err()).isEmpty();
    }

    @Test
    void completesInARealBash(@TempDir Path dir) throws IOException, InterruptedException {
        Path script = Files.writeString(
                dir.resolve("strata.bash"), strata("completion").out());

        assertThat(complete(script, "strata com")).containsExactly("compile", "completion");
        assertThat(complete(script, "strata compile pipeline.yaml --ex")).containsExactly("--explain");
    }

    /** What bash offers for the last word of {@code line}, with the script loaded, one candidate a line. */
    private static List<String> complete(Path script, String line) throws IOException, InterruptedException {
        String words = line.endsWith(" ") ? line + "''" : line;
        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source \"$1\"; COMP_WORDS=(" + words + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1));"
                                + " COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}; _complete_strata;"
                                + " printf '%s\\n' \"${COMPREPLY[@]}\"",
                        "bash",
                        script.toString(),
                        line)
                // compopt complains when the function is called outside a real completion; nothing else goes there.
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out.lines()
                .map(String::strip)
                .filter(candidate -> !candidate.isEmpty())
                .toList();
    }

    @Test
    void servesZshWithTheSameScript() {
        Invocation zsh = strata("completion", "zsh");

        assertThat(zsh.exitCode()).isZero();
        assertThat(zsh.out()).isEqualTo(strata("completion", "bash").out()).contains("bashcompinit");
    }

    @Test
    void rejectsAnUnknownShell() {
        Invocation fish = strata("completion", "fish");

        assertThat(fish.exitCode()).isEqualTo(2);
        assertThat(fish.out()).isEmpty();
        assertThat(fish.err()).contains("unknown shell 'fish' (expected bash | zsh)");
    }
}
