package dev.strata.cli.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The client half: finds the daemon of a key (starting it when there is none, and stopping the daemons of the same
 * pipeline folder that run an older build), sends it a command, prints what it prints, and returns its exit code.
 * Ctrl-C is forwarded; a daemon that dies mid-command is reported in one line, exit 1.
 */
public final class DaemonClient {
    /** How long a starting daemon may take to listen: a JVM start, without Spark (Spark starts on first use). */
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final DaemonKey key;

    public DaemonClient(Path folder, DaemonKey key) {
        this.folder = folder;
        this.key = key;
    }

    /**
     * Runs {@code argv} (as given to {@code strata}) in the daemon, from {@code cwd}; {@code launch} is the command
     * that starts a daemon, run from {@code cwd} when none listens.
     */
    public int run(List<String> argv, Path cwd, List<String> launch, PrintStream out, PrintStream err)
            throws IOException {
        DaemonConnection connection = connectOrStart(cwd, launch);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger signalCode = new AtomicInteger(130);
        Map<Signal, SignalHandler> previous = new HashMap<>();
        for (String name : List.of("INT", "TERM")) {
            Signal signalName = new Signal(name);
            previous.put(signalName, Signal.handle(signalName, signal -> {
                interrupted.set(true);
                signalCode.set(128 + signal.getNumber());
                try {
                    connection.send(DaemonMessage.of(DaemonMessage.Type.interrupt));
                } catch (IOException e) {
                    // The daemon is gone already: the read below ends.
                }
            }));
        }
        try (connection) {
            connection.send(DaemonMessage.command(argv, cwd.toString(), key.id()));
            for (DaemonMessage message; (message = receive(connection)) != null; ) {
                switch (message.type()) {
                    case out -> {
                        out.print(message.text());
                        out.flush();
                    }
                    case err -> {
                        err.print(message.text());
                        err.flush();
                    }
                    case exit -> {
                        return interrupted.get() ? signalCode.get() : message.code();
                    }
                    case refused ->
                        throw new StrataException(
                                ErrorCode.INTERNAL,
                                "Cannot run in the daemon: " + message.text() + " (run again, or add --no-daemon)");
                    default -> {
                        // Nothing else comes to a command.
                    }
                }
            }
        } finally {
            previous.forEach(Signal::handle);
        }
        if (interrupted.get()) {
            return signalCode.get();
        }
        err.println("strata: the warm engine stopped before the command finished (its log: "
                + EngineDaemon.log(folder, key.id())
                + "); a run it was making is finished by the next `strata run`, which recovers its pending batch");
        err.flush();
        return 1;
    }

    /** The next message, or null once the daemon closed the connection (or died). */
    private static DaemonMessage receive(DaemonConnection connection) throws IOException {
        try {
            return connection.receive();
        } catch (IOException e) {
            return null; // reset by a daemon that died
        }
    }

    private DaemonConnection connectOrStart(Path cwd, List<String> launch) throws IOException {
        Path socket = EngineDaemon.socket(folder, key.id());
        try {
            return DaemonConnection.connect(socket);
        } catch (IOException e) {
            // None listens: start one, one client at a time.
        }
        try (FileChannel lockFile = FileChannel.open(
                        EngineDaemon.lock(folder, key.id()), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            try {
                return DaemonConnection.connect(socket);
            } catch (IOException e) {
                // Still none: this client starts it.
            }
            stopOlderBuilds();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(EngineDaemon.info(folder, key.id()));
            Process daemon = new ProcessBuilder(launch)
                    .directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(EngineDaemon.log(folder, key.id()).toFile())
                    .redirectErrorStream(true)
                    .start();
            long deadline = System.nanoTime() + START_DEADLINE.toNanos();
            while (true) {
                try {
                    return DaemonConnection.connect(socket);
                } catch (IOException e) {
                    if (!daemon.isAlive() || System.nanoTime() > deadline) {
                        throw new StrataException(
                                ErrorCode.INTERNAL,
                                "Cannot start the warm engine: it "
                                        + (daemon.isAlive()
                                                ? "did not listen within " + START_DEADLINE.toSeconds() + " s"
                                                : "exited")
                                        + " (see " + EngineDaemon.log(folder, key.id())
                                        + "; or run with --no-daemon, or STRATA_DAEMON=off)");
                    }
                    sleep(50);
                }
            }
        }
    }

    /** Asks the daemons of this pipeline folder that run another build to stop once idle. */
    private void stopOlderBuilds() {
        for (Daemon daemon : list(folder)) {
            if (daemon.pipelineDirectory().equals(key.pipelineDirectory().toString())
                    && !daemon.fingerprint().equals(key.fingerprint())) {
                stop(folder, daemon.key());
            }
        }
    }

    /** A daemon as its info file describes it. */
    public record Daemon(String key, long pid, String pipelineDirectory, String fingerprint, String started) {}

    /** This user's daemons whose process is alive (stale files of dead ones are removed). */
    public static List<Daemon> list(Path folder) {
        List<Daemon> daemons = new ArrayList<>();
        try (DirectoryStream<Path> infos = Files.newDirectoryStream(folder, "*.json")) {
            for (Path info : infos) {
                String key = info.getFileName().toString().replaceFirst("[.]json$", "");
                JsonNode node;
                try {
                    node = JSON.readTree(info.toFile());
                } catch (IOException e) {
                    continue; // being written
                }
                Daemon daemon = new Daemon(
                        key,
                        node.path("pid").asLong(),
                        node.path("pipeline_directory").asText(),
                        node.path("fingerprint").asText(),
                        node.path("started").asText());
                if (ProcessHandle.of(daemon.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    daemons.add(daemon);
                } else {
                    Files.deleteIfExists(info);
                    Files.deleteIfExists(EngineDaemon.socket(folder, key));
                }
            }
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL, "Cannot list the daemons in " + folder + ": " + e.getMessage(), e);
        }
        return daemons;
    }

    /** What the daemon of {@code key} says of itself, or null when it does not answer. */
    public static DaemonMessage status(Path folder, String key) {
        try (DaemonConnection connection = DaemonConnection.connect(EngineDaemon.socket(folder, key))) {
            connection.send(DaemonMessage.of(DaemonMessage.Type.status));
            return connection.receive();
        } catch (IOException e) {
            return null;
        }
    }

    /** Asks the daemon of {@code key} to stop once its commands end; whether it heard. */
    public static boolean stop(Path folder, String key) {
        try (DaemonConnection connection = DaemonConnection.connect(EngineDaemon.socket(folder, key))) {
            connection.send(DaemonMessage.of(DaemonMessage.Type.stop));
            return connection.receive() != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
