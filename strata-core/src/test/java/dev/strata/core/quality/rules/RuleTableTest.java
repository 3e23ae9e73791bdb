package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleTableTest {
    /** The checked-in docs, relative to this module (the tests' working directory). */
    private static final Path CHECKED_IN = Path.of("..").resolve(RuleTable.CHECKED_IN_PATH);

    @Test
    void checkedInRuleTablesAreTheRegistrys() throws IOException {
        String generated = RuleTable.update(Files.readString(CHECKED_IN, StandardCharsets.UTF_8));
        if (Boolean.getBoolean("strata.updateDocs")) {
            Files.writeString(CHECKED_IN, generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
                .as("the rule tables of docs/quality.md are generated from RuleKinds and are out of date; regenerate"
                        + " them with: mvn -o -q test -pl strata-core -Dtest=RuleTableTest -Dstrata.updateDocs=true")
                .isEqualTo(generated);
    }

    @Test
    void listsEveryKindInOneOfTheTables() {
        for (RuleKind kind : RuleKinds.all()) {
            assertThat(RuleTable.rowRules() + RuleTable.batchRules()).contains("| `" + kind.id() + "` |");
        }
        assertThat(RuleTable.rowRules()).contains("| `unique` |").doesNotContain("| `entropy` |");
        assertThat(RuleTable.batchRules()).contains("| `entropy` |", "| `correlation` |");
    }
}
