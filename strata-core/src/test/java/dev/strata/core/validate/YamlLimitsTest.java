package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipeline files come from callers of the server too: every way to make one expensive to read is bounded. */
class YamlLimitsTest {
    private static final String HEAD = "name: x\ndatasets:\n  bronze.a:\n    sql: ";

    @Test
    void refusesAFileLargerThanTheLimitBeforeReadingIt() {
        String yaml = HEAD + "a".repeat(YamlReader.MAX_DOCUMENT_CHARACTERS) + "\n";

        long started = System.nanoTime();
        List<String> problems = Yaml.problems(yaml);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(problems)
                .containsExactly("pipeline.yaml:1:1: the pipeline file has " + yaml.length()
                        + " characters, more than the 1048576 a pipeline may have (move long SQL into views or split"
                        + " the pipeline)");
        assertThat(millis).as("refused without parsing").isLessThan(1_000);
    }

    @Test
    void refusesOneValueLongerThanTheLimitWithItsPlace() {
        String yaml = HEAD + "a".repeat(YamlReader.MAX_SCALAR_CHARACTERS + 1) + "\n";

        assertThat(Yaml.problems(yaml))
                .containsExactly("pipeline.yaml:4:10: datasets.bronze.a.sql: the value has 262145 characters, more"
                        + " than the 262144 one value may have (shorten it)");
    }

    @Test
    void refusesAnAliasBomb() {
        StringBuilder yaml = new StringBuilder("name: x\nbomb:\n  l0: &l0 [a, a, a, a, a, a, a, a, a]\n");
        for (int level = 1; level <= 9; level++) {
            String previous = "*l" + (level - 1);
            yaml.append("  l")
                    .append(level)
                    .append(": &l")
                    .append(level)
                    .append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, previous)))
                    .append("]\n");
        }
        yaml.append("datasets: {bronze.a: {sql: select 1}}\n");

        assertThat(String.join("\n", Yaml.problems(yaml.toString())))
                .contains("invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50");
    }

    @Test
    void refusesAnExpansionPastTheValueLimitWithinTheAliasLimit() {
        // 5 levels of 9 aliases each: 45 aliases, 9^5 = 59,049 leaves, twice over.
        StringBuilder yaml = new StringBuilder("name: x\nbomb:\n  l0: &l0 [a, a, a, a, a, a, a, a, a]\n");
        for (int level = 1; level <= 5; level++) {
            yaml.append("  l")
                    .append(level)
                    .append(": &l")
                    .append(level)
                    .append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1))))
                    .append("]\n");
        }
        yaml.append("  again: [*l5, *l5]\ndatasets: {bronze.a: {sql: select 1}}\n");

        assertThat(String.join("\n", Yaml.problems(yaml.toString())))
                .contains("the file expands to more than 100000 values (use fewer aliases (*name) of large anchors)");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String yaml =
                "name: x\ndeep: " + "[".repeat(100) + "]".repeat(100) + "\ndatasets: {bronze.a: {sql: select 1}}\n";

        assertThat(String.join("\n", Yaml.problems(yaml))).contains("invalid YAML: Nesting Depth exceeded max 40");
    }

    @Test
    void abbreviatesAHugeValueQuotedInAMessage() {
        String yaml = "name: x\ndatasets:\n  bronze.a:\n    from: " + "b".repeat(100_000) + "\n";

        List<String> problems = Yaml.problems(yaml);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).hasSizeLessThan(2_200).contains("characters left out");
    }
}
