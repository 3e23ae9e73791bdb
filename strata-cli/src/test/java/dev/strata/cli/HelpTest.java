package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command of the tree, found by walking it, answers {@code --help} with its usage and exit 0. */
class HelpTest {

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        Map<String, List<String>> commands = new TreeMap<>();
        collect(new CommandLine(new StrataCommand()), new ArrayList<>(), commands);
        assertThat(commands.keySet())
                .contains(
                        "strata validate", "strata quality", "strata quality history", "strata schema", "strata keys");

        for (Map.Entry<String, List<String>> command : commands.entrySet()) {
            List<String> args = new ArrayList<>(command.getValue());
            args.add("--help");

            Invocation help = strata(args.toArray(String[]::new));

            assertThat(help.exitCode())
                    .as(command.getKey() + " --help: " + help.err())
                    .isZero();
            assertThat(help.out()).as(command.getKey()).contains("Usage: " + command.getKey() + " ");
            assertThat(help.out()).as(command.getKey()).contains("--help");
            assertThat(help.err()).as(command.getKey()).isEmpty();
        }
    }

    @Test
    void helpWinsOverAMissingRequiredParameter() {
        Invocation help = strata("quality", "history", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("FILE").contains("--dataset=DATASET").contains("--metric=METRIC");
    }

    /** Every command's words (e.g. [quality, history]) by its qualified name, the root included. */
    private static void collect(CommandLine cli, List<String> words, Map<String, List<String>> commands) {
        commands.put(cli.getCommandSpec().qualifiedName(), List.copyOf(words));
        for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandName())) { // not an alias
                List<String> deeper = new ArrayList<>(words);
                deeper.add(sub.getKey());
                collect(sub.getValue(), deeper, commands);
            }
        }
    }
}
