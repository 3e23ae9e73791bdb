package dev.strata.cli.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The warm engine: a JVM that serves one key's commands ({@link DaemonKey}) on a Unix socket, each in a thread of its
 * own with its output sent back as it is printed, and stops when idle, when told to, or when its jars change.
 *
 * <p>Ctrl-C on a client of {@code strata run} ends this JVM as it ends a run in its own: the run's interruption hook
 * tells that client what was committed and what the ledger keeps pending for the next run. A command of another kind
 * just loses its client.
 */
public final class EngineDaemon {
    /** Runs one command in this JVM. */
    public interface Commands {
        /** Runs {@code argv}, printing to {@code out} and {@code err}; its exit code. */
        int execute(List<String> argv, PrintWriter out, PrintWriter err);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DaemonKey key;
    private final Path folder;
    private final Duration idle;
    private final String classPath;
    private final Commands commands;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private volatile ServerSocketChannel server;
    private volatile long lastActive = System.nanoTime();
    private volatile boolean stopping;

    public EngineDaemon(DaemonKey key, Path folder, Duration idle, String classPath, Commands commands) {
        this.key = key;
        this.folder = folder;
        this.idle = idle;
        this.classPath = classPath;
        this.commands = commands;
    }

    /** The socket of the daemon of {@code key} in {@code folder}. */
    public static Path socket(Path folder, String key) {
        return folder.resolve(key + ".sock");
    }

    /** What the daemon of {@code key} serves, for {@code strata daemon status} and for replacing a stale one. */
    public static Path info(Path folder, String key) {
        return folder.resolve(key + ".json");
    }

    /** Where the daemon of {@code key} writes its own log (Spark's, and any library's output). */
    public static Path log(Path folder, String key) {
        return folder.resolve(key + ".log");
    }

    /** The lock a client holds while it starts the daemon of {@code key}, and the daemon while it removes its files. */
    public static Path lock(Path folder, String key) {
        return folder.resolve(key + ".lock");
    }

    /** Serves until idle, stopped, or built anew, and until the commands it runs have ended. */
    public void serve() throws IOException {
        Path socket = socket(folder, key.id());
        // The info first: a daemon that stopped before removes its files only while they are still its own.
        writeInfo();
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            // Another daemon of this key started first (two clients at once): it serves.
            server.close();
            System.err.println("strata daemon: " + socket + " is taken (" + e.getMessage() + "): exiting");
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeFiles));
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "strata-daemon-idle");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(idle.toMillis() / 2, 10_000));
        watch.scheduleWithFixedDelay(this::stopIfDone, period, period, TimeUnit.MILLISECONDS);
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                break; // closed to stop
            }
            Thread thread = new Thread(() -> handle(new DaemonConnection(client)), "strata-daemon-client");
            thread.start();
        }
        watch.shutdownNow();
        removeFiles();
        while (running.get() > 0) {
            sleep(200);
        }
    }

    /**
     * Removes the socket and the info file while they are this daemon's: a client that found the socket closed may have
     * started the next daemon of the key already, under the lock, which writes its info before it binds.
     */
    private void removeFiles() {
        try (FileChannel channel =
                        FileChannel.open(lock(folder, key.id()), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            Path info = info(folder, key.id());
            if (Files.exists(info)
                    && JSON.readTree(info.toFile()).path("pid").asLong()
                            == ProcessHandle.current().pid()) {
                Files.deleteIfExists(socket(folder, key.id()));
                Files.deleteIfExists(info);
            }
        } catch (IOException | RuntimeException e) {
            // Left behind: a client removes the files of a daemon that is gone.
        }
    }

    private void writeInfo() throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", ProcessHandle.current().pid());
        info.put("pipeline_directory", key.pipelineDirectory().toString());
        info.put("fingerprint", key.fingerprint());
        info.put("started", Instant.now().toString());
        Path file = info(folder, key.id());
        Path temporary = Files.createTempFile(
                folder,
                key.id(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        JSON.writeValue(temporary.toFile(), info);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stops taking commands when idle too long, told to stop, or built anew; the JVM ends once none runs. */
    private void stopIfDone() {
        if (running.get() > 0) {
            return;
        }
        boolean idleTooLong = System.nanoTime() - lastActive > idle.toNanos();
        if (stopping || idleTooLong || !DaemonKey.fingerprint(classPath).equals(key.fingerprint())) {
            stopping = true;
            try {
                server.close();
            } catch (IOException e) {
                // Closing: nothing to do.
            }
        }
    }

    private void handle(DaemonConnection connection) {
        try (connection) {
            DaemonMessage request = connection.receive();
            if (request == null) {
                return;
            }
            switch (request.type()) {
                case status ->
                    connection.send(DaemonMessage.status(
                            ProcessHandle.current().pid(),
                            key.pipelineDirectory().toString(),
                            running.get(),
                            served.get()));
                case stop -> {
                    stopping = true;
                    connection.send(DaemonMessage.exit(0));
                    stopIfDone();
                }
                case command -> command(connection, request);
                default ->
                    connection.send(DaemonMessage.text(DaemonMessage.Type.refused, "unexpected " + request.type()));
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away: what it ran goes on (a run finishes and records itself).
        }
    }

    private void command(DaemonConnection connection, DaemonMessage request) throws IOException {
        if (!key.id().equals(request.key()) || stopping) {
            connection.send(DaemonMessage.text(
                    DaemonMessage.Type.refused,
                    stopping ? "this daemon is stopping" : "this daemon serves another key"));
            return;
        }
        running.incrementAndGet();
        served.incrementAndGet();
        try {
            listenForInterrupt(connection, request.argv());
            int code;
            try (PrintWriter out = new PrintWriter(new MessageWriter(connection, DaemonMessage.Type.out), true);
                    PrintWriter err = new PrintWriter(new MessageWriter(connection, DaemonMessage.Type.err), true)) {
                code = commands.execute(request.argv(), out, err);
            }
            connection.send(DaemonMessage.exit(code));
        } finally {
            lastActive = System.nanoTime();
            running.decrementAndGet();
        }
        if (stopping) {
            stopIfDone();
        }
    }

    /**
     * Hears the client's Ctrl-C. For a run, this JVM ends as an interrupted run's own would (exit 130): its
     * interruption hook reports to the client, the store stops, and the pending batch waits for the next run.
     */
    private static void listenForInterrupt(DaemonConnection connection, List<String> argv) {
        Thread listener = new Thread(
                () -> {
                    try {
                        for (DaemonMessage message; (message = connection.receive()) != null; ) {
                            if (message.type() == DaemonMessage.Type.interrupt && "run".equals(argv.get(0))) {
                                System.exit(130);
                            }
                        }
                    } catch (IOException e) {
                        // The connection ended with the command.
                    }
                },
                "strata-daemon-interrupt");
        listener.setDaemon(true);
        listener.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Text as {@code out} or {@code err} messages, one per flush; a client gone away loses it, the command goes on. */
    private static final class MessageWriter extends Writer {
        private final DaemonConnection connection;
        private final DaemonMessage.Type type;
        private final StringBuilder buffer = new StringBuilder();
        private boolean broken;

        MessageWriter(DaemonConnection connection, DaemonMessage.Type type) {
            this.connection = connection;
            this.type = type;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            buffer.append(chars, offset, length);
            if (buffer.length() > 8192) {
                flush();
            }
        }

        @Override
        public synchronized void flush() {
            if (buffer.length() == 0) {
                return;
            }
            String text = buffer.toString();
            buffer.setLength(0);
            if (broken) {
                return;
            }
            try {
                connection.send(DaemonMessage.text(type, text));
            } catch (IOException e) {
                broken = true;
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
