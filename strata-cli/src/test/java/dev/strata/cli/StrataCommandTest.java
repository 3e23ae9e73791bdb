package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code strata} command itself: version, and what an unknown subcommand gets. */
class StrataCommandTest {

    @Test
    void printsItsVersion() {
        Invocation version = strata("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("strata ");
        assertThat(version.err()).isEmpty();
    }

    @Test
    void suggestsTheClosestSubcommandForAnUnknownOne() {
        Invocation typo = strata("valdate", "../examples/retail/pipeline.yaml");

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.out()).isEmpty();
        assertThat(typo.err())
                .contains("strata: Unmatched arguments from index 0: 'valdate'")
                .contains("Did you mean: strata validate")
                .contains("(see: strata --help)");
    }
}
