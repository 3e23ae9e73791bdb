package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.secret.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorHandlerTest {
    private final String secret = "canary-" + UUID.randomUUID();
    private final StringWriter err = new StringWriter();

    @Command(name = "failing")
    static final class Failing {}

    private int handle(Exception e) {
        CommandLine cli = new CommandLine(new Failing());
        cli.setErr(new PrintWriter(err, true));
        return new ErrorHandler().handleExecutionException(e, cli, null);
    }

    @AfterEach
    void debugOff() {
        StrataCommand.debug = false;
    }

    @Test
    void masksASecretInAnUnexpectedErrorAndItsTrace() {
        Secrets.remember(secret);
        StrataCommand.debug = true;

        int code = handle(new IllegalStateException(
                "No suitable driver found for jdbc:x:" + secret, new RuntimeException("password=" + secret)));

        assertThat(code).isEqualTo(ErrorCode.INTERNAL.exitCode());
        assertThat(err.toString())
                .contains("java.lang.IllegalStateException: No suitable driver found for jdbc:x:***")
                .contains("Caused by: java.lang.RuntimeException: password=***")
                .contains("strata: unexpected error: No suitable driver found for jdbc:x:***")
                .doesNotContain(secret);
    }

    @Test
    void masksASecretInAStrataError() {
        Secrets.remember(secret);

        int code = handle(new StrataException(ErrorCode.SOURCE_UNREADABLE, "Cannot read topic: auth " + secret));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("strata: Cannot read topic: auth ***" + System.lineSeparator());
    }
}
