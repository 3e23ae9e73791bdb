package dev.strata.cli;

import dev.strata.cli.daemon.DaemonKey;
import dev.strata.core.secret.RedactingOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** The warm engine's JVM, started by a client: {@code DaemonMain KEY PIPELINE_DIRECTORY FINGERPRINT
 * [MASTER]}, with the master to start Spark on before the first command when the client knows it. */
public final class DaemonMain {
    private DaemonMain() {}

    public static void main(String[] args) throws IOException {
        RedactingOutputStream.installOnStandardStreams();
        WarmEngine.serve(new DaemonKey(args[0], Path.of(args[1]), args[2]), args.length > 3 ? args[3] : null);
        System.exit(0); // Spark's threads would keep the JVM up
    }
}
