package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.store.StoreSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A run's hold on its pipeline, so that two runs never build one pipeline at once (the second would take the first's
 * pending batch for an interrupted one). Two locks, each taken where it applies, both released by the operating system
 * or the database when the process ends, even by {@code kill -9}:
 *
 * <ul>
 *   <li>a file lock on {@code <storage.root>/_strata/run.lock} when the storage root is a local folder: every run of
 *       the lakehouse on this machine takes it, whichever metadata store it uses (a server's runs too);
 *   <li>a PostgreSQL advisory lock on the pipeline's name, held by a connection of its own, when the run is given a
 *       database ({@code STRATA_DB_URL}, {@code POSTGRES_HOST}, and every run a server starts): runs on other hosts
 *       sharing the database take it too.
 * </ul>
 *
 * A run with neither (a cloud storage root and the embedded store) locks {@code $STRATA_HOME/locks/<pipeline>.lock}.
 * Processes of one run id share the lock: the pods of one Argo Workflow build a run's datasets in parallel.
 */
final class PipelineLock implements AutoCloseable {
    /** The advisory lock's first key: which kind of thing Strata locks (ASCII "STRA"). */
    static final int RUN_LOCK_CLASS = 0x53545241;

    private final List<AutoCloseable> held;

    private PipelineLock(List<AutoCloseable> held) {
        this.held = held;
    }

    /** The lock, or the run that holds it. */
    sealed interface Outcome permits Acquired, Held {}

    record Acquired(PipelineLock lock) implements Outcome {}

    record Held(RunHolder holder, String where) implements Outcome {}

    /**
     * Takes pipeline {@code pipeline}'s lock for {@code self}, or, with {@code wait}, waits for it ({@code waiting}
     * hears a line saying whom for, once per lock waited for); without it, returns who holds it.
     */
    static Outcome acquire(
            String pipeline,
            String storageRoot,
            RunHolder self,
            Map<String, String> environment,
            boolean wait,
            Consumer<String> waiting) {
        List<AutoCloseable> held = new ArrayList<>();
        try {
            Path root = localFolder(storageRoot);
            StoreSettings store = StoreSettings.fromEnvironment(environment);
            Path file = root != null
                    ? root.resolve("_strata").resolve("run.lock")
                    : store.isEmbedded()
                            ? StoreSettings.strataHome(environment)
                                    .resolve("locks")
                                    .resolve(pipeline + ".lock")
                            : null;
            if (file != null) {
                Outcome outcome = lockFile(file, self, wait, waiting);
                if (outcome instanceof Held) {
                    return outcome;
                }
                held.add(((Acquired) outcome).lock());
            }
            if (!store.isEmbedded()) {
                Outcome outcome = lockInDatabase(store, pipeline, self, wait, waiting);
                if (outcome instanceof Held) {
                    closeAll(held);
                    return outcome;
                }
                held.add(((Acquired) outcome).lock());
            }
            return new Acquired(new PipelineLock(held));
        } catch (RuntimeException e) {
            closeAll(held);
            throw e;
        }
    }

    /** The local folder a storage root names, or null for a cloud store's URI. */
    static Path localFolder(String storageRoot) {
        if (storageRoot.startsWith("file:")) {
            return Path.of(URI.create(storageRoot)).toAbsolutePath().normalize();
        }
        return storageRoot.matches("^[A-Za-z][A-Za-z0-9+.-]+:/.*")
                ? null
                : Path.of(storageRoot).toAbsolutePath().normalize();
    }

    private static Outcome lockFile(Path file, RunHolder self, boolean wait, Consumer<String> waiting) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (tryLock(channel) == null) {
                RunHolder holder = RunHolder.decode(Files.readString(file, StandardCharsets.UTF_8));
                if (sameRun(holder, self)) {
                    channel.close();
                    return new Acquired(new PipelineLock(List.of()));
                }
                if (!wait) {
                    channel.close();
                    return new Held(holder, file.toString());
                }
                waiting.accept("Waiting for " + describe(holder) + " to end (it holds " + file + ")");
                channel.lock();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((self.encode() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            FileChannel open = channel;
            return new Acquired(new PipelineLock(List.of(open)));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot lock the pipeline's runs in " + file + ": " + Messages.firstLine(e)
                            + " (check that the folder is writable)",
                    e);
        }
    }

    /** The lock, or null while another process holds it, or this one (a run in this JVM, as in the CLI's tests). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static Outcome lockInDatabase(
            StoreSettings store, String pipeline, RunHolder self, boolean wait, Consumer<String> waiting) {
        int key = pipeline.hashCode();
        Connection connection = null;
        try {
            Properties properties = new Properties();
            if (store.user() != null) {
                properties.setProperty("user", store.user());
            }
            if (store.password() != null) {
                properties.setProperty("password", store.password());
            }
            // The one field of a session other users' sessions can read: the waiting run names the holder from it.
            properties.setProperty("ApplicationName", self.encode());
            properties.setProperty("connectTimeout", "10");
            // pgjdbc directly, not through DriverManager, as the store connects.
            connection = new org.postgresql.Driver().connect(store.url(), properties);
            if (connection == null) {
                throw new SQLException("not a PostgreSQL URL: " + store.describe());
            }
            if (!tryAdvisoryLock(connection, key)) {
                RunHolder holder = holderInDatabase(connection, key);
                if (sameRun(holder, self)) {
                    connection.close();
                    return new Acquired(new PipelineLock(List.of()));
                }
                String where = "the metadata store (" + store.describe() + ")";
                if (!wait) {
                    connection.close();
                    return new Held(holder, where);
                }
                waiting.accept("Waiting for " + describe(holder) + " to end (it holds the lock in " + where + ")");
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                    lock.setInt(1, RUN_LOCK_CLASS);
                    lock.setInt(2, key);
                    lock.execute();
                }
            }
            Connection open = connection;
            return new Acquired(new PipelineLock(List.of(open)));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot lock the pipeline's runs in the metadata store (" + store.describe() + "): "
                            + Messages.firstLine(e) + " (check that the database is up, or unset STRATA_DB_URL)",
                    e);
        }
    }

    private static boolean tryAdvisoryLock(Connection connection, int key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            lock.setInt(1, RUN_LOCK_CLASS);
            lock.setInt(2, key);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** The holder's session names it in its application_name, which pg_stat_activity shows every user. */
    private static RunHolder holderInDatabase(Connection connection, int key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.database = (
                    SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 2""")) {
            // pg_locks shows the two int4 keys as oids, so a negative key reads as its unsigned value.
            query.setLong(1, Integer.toUnsignedLong(RUN_LOCK_CLASS));
            query.setLong(2, Integer.toUnsignedLong(key));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? RunHolder.decode(row.getString(1)) : null;
            }
        }
    }

    /**
     * Whether the holder is another part of the same run: the pods of one Argo Workflow build a run's datasets in
     * parallel under one run id, each with {@code --only}, and must not lock each other out.
     */
    private static boolean sameRun(RunHolder holder, RunHolder self) {
        return holder != null && self.runId().equals(holder.runId());
    }

    private static String describe(RunHolder holder) {
        return holder == null ? "another run (it did not say which)" : holder.describe();
    }

    /** The message for a run that found the lock held: exit 2. */
    static String heldMessage(String pipeline, Held held) {
        return "Cannot run " + pipeline + ": " + describe(held.holder()) + " is running it (lock in " + held.where()
                + "; wait for it with --wait, or stop that run)";
    }

    @Override
    public void close() {
        closeAll(held);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i));
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            // Releasing: the process's end releases the lock anyway.
        }
    }
}
