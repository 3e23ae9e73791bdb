package dev.strata.engine.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server the tests start as a child process. Its output goes to a log file that every startup error quotes, and
 * {@link #close()} ends its whole process tree (a JVM shutdown hook does the same if the tests never close it).
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "stop " + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code command} in {@code workDir}, its stdout and stderr going to {@code workDir/<name>.log}. */
    static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env)
            throws IOException {
        Path log = workDir.resolve(name.toLowerCase(java.util.Locale.ROOT) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new IOException("Cannot start " + name + ": " + e.getMessage() + " (command: " + command + ")", e);
        }
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an HTTP server answers on the port, with any status. */
    static boolean answersHttp(int port) {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            connection.setConnectTimeout(250);
            connection.setReadTimeout(1000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits until {@code ready} holds; fails with the exit code and the log's last lines if the process dies first or
     * the deadline passes.
     */
    void awaitReady(Duration timeout, java.util.function.BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cannot start " + name + ": it exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + log + ":\n" + logTail(30));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Cannot start " + name + ": not ready after " + timeout.toSeconds()
                        + " s. Last lines of " + log + ":\n" + logTail(30));
            }
            Thread.sleep(50);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    /** Ends the process and every descendant: politely, then forcibly after a few seconds. */
    private void stop() {
        List<ProcessHandle> tree =
                new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
