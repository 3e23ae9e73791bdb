package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code strata} command itself: version, what an unknown subcommand gets, what owns standard output. */
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

    @Test
    void sendsWhatALibraryPrintsToStandardOutputToStandardError() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            code = StrataCommand.withLibraryOutputOnStderr(() -> {
                // What Hudi's bundled JOL prints while strata sql reads a Hudi table written on a cluster.
                System.out.println("# WARNING: Unable to get Instrumentation.");
                return 3;
            });
            System.out.println("after the command");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertThat(code).isEqualTo(3);
        assertThat(capturedOut.toString(StandardCharsets.UTF_8)).isEqualTo("after the command\n");
        assertThat(capturedErr.toString(StandardCharsets.UTF_8))
                .isEqualTo("# WARNING: Unable to get Instrumentation.\n");
    }
}
