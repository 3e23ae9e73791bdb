package dev.strata.store;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL a crashed Strata process left running in a data directory: found through the directory's
 * {@code postmaster.pid}, and stopped before {@link EmbeddedServer} starts its own.
 */
final class OrphanedServer {
    /** EmbeddedServer's logger: what the embedded server logs keeps one name. */
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private OrphanedServer() {}

    /**
     * Stops the server a crashed Strata process left running in {@code directory}: a live process, named in the
     * directory's postmaster.pid, that is a postgres serving that directory. Whether a live Strata process still uses
     * it was checked before (its lock file); a stale postmaster.pid PostgreSQL handles itself.
     */
    static void stop(Path directory) {
        Optional<ProcessHandle> orphan = postmaster(directory);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle process = orphan.get();
        LOG.warn(
                "Stopping the embedded PostgreSQL (pid {}) that a Strata process which ended without stopping it left"
                        + " running in {}",
                process.pid(),
                directory);
        Optional<Path> pgCtl = process.info()
                .command()
                .map(command -> Path.of(command).resolveSibling("pg_ctl"))
                .filter(Files::isExecutable);
        if (pgCtl.isPresent()) {
            // pg_ctl's fast mode, as zonky stops its servers: clients still connected are disconnected.
            try {
                Process stop = new ProcessBuilder(
                                pgCtl.get().toString(),
                                "stop",
                                "-D",
                                directory.toString(),
                                "-m",
                                "fast",
                                "-w",
                                "-t",
                                String.valueOf(STOP_TIMEOUT.toSeconds()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                stop.waitFor(STOP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.warn("Cannot run {}: {}; stopping the server with SIGTERM", pgCtl.get(), Messages.firstLine(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.isAlive()) {
            process.destroy();
        }
        try {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new StrataException(
                    ErrorCode.CONFLICT,
                    "Cannot open the metadata store in " + directory + ": the embedded PostgreSQL (pid "
                            + process.pid() + ") that a crashed Strata process left running there did not stop"
                            + " (stop it with kill -INT " + process.pid() + ", then try again)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StrataException(
                    ErrorCode.INTERNAL, "Cannot open the metadata store in " + directory + ": interrupted");
        }
    }

    /**
     * Waits, up to the stop timeout, for the postmaster serving {@code directory} to end after it was told to stop;
     * one still running then is left to the next start, which stops it.
     */
    static void awaitEnd(Path directory) {
        Optional<ProcessHandle> postmaster = postmaster(directory);
        if (postmaster.isEmpty()) {
            return;
        }
        try {
            postmaster.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn(
                    "The embedded PostgreSQL (pid {}) in {} is still stopping; the next start waits for it",
                    postmaster.get().pid(),
                    directory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live postgres process serving {@code directory}, as its postmaster.pid names it, if there is one. */
    static Optional<ProcessHandle> postmaster(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            pid = Long.parseLong(lines.get(0).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> serves(p, directory));
    }

    /**
     * Whether {@code process} is a postgres serving {@code directory}: a postmaster works in its data directory (its
     * {@code /proc} cwd, on Linux), and pg_ctl starts it with {@code -D <directory>}.
     */
    private static boolean serves(ProcessHandle process, Path directory) {
        boolean postgres = process.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(true);
        if (!postgres) {
            return false;
        }
        Path cwd = Path.of("/proc", String.valueOf(process.pid()), "cwd");
        try {
            if (Files.exists(Path.of("/proc/self"))) {
                return Files.isSameFile(cwd, directory);
            }
        } catch (IOException e) {
            // Another user's process, or one that just ended: not a server of this user's directory.
            return false;
        }
        return process.info()
                .arguments()
                .map(arguments -> List.of(arguments).contains(directory.toString()))
                .orElse(false);
    }
}
