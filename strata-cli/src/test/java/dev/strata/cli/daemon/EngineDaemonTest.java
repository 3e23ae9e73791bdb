package dev.strata.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol over a real Unix socket, with a daemon in this JVM whose commands are stand-ins for the CLI's. */
class EngineDaemonTest {
    @TempDir
    Path dir;

    @Test
    void encodesEachMessageAsOneJsonLineWithoutEmptyFields() throws Exception {
        DaemonMessage command = DaemonMessage.command(List.of("sql", "p.yaml", "SELECT 1"), "/home/ana", "k");

        String line = DaemonConnection.encode(command);

        assertThat(line)
                .isEqualTo("{\"type\":\"command\",\"argv\":[\"sql\",\"p.yaml\",\"SELECT 1\"],\"cwd\":\"/home/ana\","
                        + "\"key\":\"k\"}");
        assertThat(DaemonConnection.decode(line)).isEqualTo(command);
        assertThat(DaemonConnection.encode(DaemonMessage.exit(2))).isEqualTo("{\"type\":\"exit\",\"code\":2}");
    }

    @Test
    void streamsACommandsOutputAndExitCodeThenStopsWhenAsked() throws Exception {
        Path folder = DaemonDirectory.open(Map.of("XDG_RUNTIME_DIR", dir.toString()));
        DaemonKey key = DaemonKey.of(dir, dir, "f1", "local[*]", Map.of());
        EngineDaemon daemon = new EngineDaemon(key, folder, Duration.ofMinutes(5), "", (argv, out, err) -> {
            out.println("rows of " + String.join(" ", argv));
            err.println("a warning");
            return 3;
        });
        Thread serving = new Thread(() -> {
            try {
                daemon.serve();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        serving.start();
        awaitSocket(EngineDaemon.socket(folder, key.id()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = new DaemonClient(folder, key)
                .run(List.of("sql", "p.yaml", "SELECT 1"), dir, List.of("false"), print(out), print(err));

        assertThat(code).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("rows of sql p.yaml SELECT 1\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("a warning\n");
        // The daemon counts a command as running until it has sent the exit code, which the client may read first.
        DaemonMessage status = DaemonClient.status(folder, key.id());
        for (int i = 0; i < 100 && status.running() > 0; i++) {
            Thread.sleep(20);
            status = DaemonClient.status(folder, key.id());
        }
        assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.served()).isEqualTo(1);
        assertThat(status.running()).isZero();
        assertThat(status.text()).isEqualTo(dir.toString());
        assertThat(DaemonClient.list(folder))
                .singleElement()
                .satisfies(listed -> assertThat(listed.pipelineDirectory()).isEqualTo(dir.toString()));
        try (DaemonConnection connection = DaemonConnection.connect(EngineDaemon.socket(folder, key.id()))) {
            connection.send(DaemonMessage.command(List.of("sql"), dir.toString(), "0".repeat(32)));
            assertThat(connection.receive())
                    .isEqualTo(DaemonMessage.text(DaemonMessage.Type.refused, "this daemon serves another key"));
        }

        assertThat(DaemonClient.stop(folder, key.id())).isTrue();
        serving.join(Duration.ofSeconds(30).toMillis());
        assertThat(serving.isAlive()).as("stopped").isFalse();
    }

    private static PrintStream print(ByteArrayOutputStream into) {
        return new PrintStream(into, true, StandardCharsets.UTF_8);
    }

    /** Waits until the daemon accepts connections: its socket file exists a moment before it listens. */
    private static void awaitSocket(Path socket) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (DaemonConnection probe = DaemonConnection.connect(socket)) {
                return;
            } catch (IOException e) {
                assertThat(System.nanoTime())
                        .as(socket + " accepts connections")
                        .isLessThan(end);
                Thread.sleep(20);
            }
        }
    }
}
