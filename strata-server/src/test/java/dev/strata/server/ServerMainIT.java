package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code strata serve} and {@code strata db} as the launcher runs them: exit codes and messages, never a trace. */
class ServerMainIT {
    record Outcome(int exitCode, String err) {}

    static synchronized Outcome strata(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code = ServerMain.execute(args);
            return new Outcome(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void badUsageExitsTwoWithTheUsage() {
        Outcome db = strata("db");
        assertThat(db.exitCode()).isEqualTo(2);
        assertThat(db.err()).contains("Usage: strata db").contains("migrate");
        Outcome port = strata("serve", "--port", "eighty");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("Invalid value for option '--port': 'eighty' is not an int");
    }

    @Test
    void aPortInUseIsAClearErrorNotAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Outcome serve = strata("serve", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.err())
                    .contains("strata: Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("choose another with --port")
                    .doesNotContain("\tat ");
        }
    }
}
