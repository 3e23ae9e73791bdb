package dev.strata.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strata's metadata store: a PostgreSQL database, external or embedded, whose schema Flyway keeps current. Every
 * module's tables live in it; each adds its migrations under {@code classpath:db/migration}.
 */
public final class MetadataStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    /** Where every module's migrations live, one version sequence for the whole store. */
    static final String MIGRATIONS = "classpath:db/migration";

    /** Connections a store keeps by default: enough for one engine run or one CLI command. */
    static final int DEFAULT_CONNECTIONS = 4;

    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    /** The lock file zonky's EmbeddedPostgres holds in the data directory while its server runs. */
    private static final String EMBEDDED_LOCK_FILE = "epg-lock";
    /** The embedded data directories open in this JVM. */
    private static final Set<Path> OPEN_DIRECTORIES = ConcurrentHashMap.newKeySet();

    private final String description;
    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;
    private final Path embeddedDirectory;
    private final Jdbi jdbi;
    private final MetricsRepository metrics;
    private final PipelineRepository pipelines;
    private final RunRepository runs;
    private final AccessRepository access;
    private final AuditRepository audit;
    private final LedgerRepository ledger;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StoreSettings connection;

    private MetadataStore(
            String description,
            HikariDataSource pool,
            EmbeddedPostgres embedded,
            Path embeddedDirectory,
            StoreSettings connection) {
        this.description = description;
        this.connection = connection;
        this.pool = pool;
        this.embedded = embedded;
        this.embeddedDirectory = embeddedDirectory;
        this.jdbi = Jdbi.create(pool);
        this.metrics = new MetricsRepository(jdbi, description);
        this.pipelines = new PipelineRepository(jdbi);
        this.runs = new RunRepository(jdbi);
        this.access = new AccessRepository(jdbi);
        this.audit = new AuditRepository(jdbi);
        this.ledger = new LedgerRepository(jdbi);
    }

    /**
     * Connects to the store, starting the embedded PostgreSQL first when the settings name one, and applies the
     * migrations it lacks. Throws a {@link StrataException} that says what was tried and how to fix it.
     */
    public static MetadataStore open(StoreSettings settings) {
        return open(settings, DEFAULT_CONNECTIONS);
    }

    /** Opens the store with a pool of up to {@code connections} connections (a server serves many requests at once). */
    public static MetadataStore open(StoreSettings settings, int connections) {
        return settings.isEmbedded() ? openEmbedded(settings, connections) : openExternal(settings, connections);
    }

    private static MetadataStore openExternal(StoreSettings settings, int connections) {
        String description = settings.describe();
        HikariDataSource pool = connect(settings.url(), settings, connections);
        try {
            migrate(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new MetadataStore(description, pool, null, null, settings);
    }

    private static MetadataStore openEmbedded(StoreSettings settings, int connections) {
        Path directory = settings.embeddedDirectory();
        String description = settings.describe();
        if (!OPEN_DIRECTORIES.add(directory)) {
            throw inUse(directory);
        }
        EmbeddedPostgres server = null;
        try {
            if (lockedByAnotherProcess(directory)) {
                throw inUse(directory);
            }
            server = start(directory);
            HikariDataSource pool = connect(server.getJdbcUrl("postgres", "postgres"), settings, connections);
            try {
                migrate(pool, settings);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            return new MetadataStore(
                    description,
                    pool,
                    server,
                    directory,
                    StoreSettings.external(server.getJdbcUrl("postgres", "postgres"), "postgres", settings.password()));
        } catch (RuntimeException e) {
            OPEN_DIRECTORIES.remove(directory);
            if (server != null) {
                try {
                    stop(server, directory);
                } catch (StrataException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            throw e;
        }
    }

    private static EmbeddedPostgres start(Path directory) {
        long started = System.nanoTime();
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Zonky turns it off for throwaway test databases; this one keeps the history across runs.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            LOG.info(
                    "Started embedded PostgreSQL in {} on port {} in {} ms",
                    directory,
                    server.getPort(),
                    (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (LinkageError e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot start embedded PostgreSQL in " + directory + ": " + e
                            + " (conflicting library versions on the classpath, e.g. of commons-compress and"
                            + " commons-lang3; align them, or set STRATA_DB_URL to use another PostgreSQL)",
                    e);
        } catch (IOException | RuntimeException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot start embedded PostgreSQL in " + directory + ": " + Messages.firstLine(e)
                            + " (check that the directory is writable and holds a PostgreSQL data directory or"
                            + " nothing, or set STRATA_DB_URL to use another PostgreSQL)",
                    e);
        }
    }

    /**
     * Whether another process's embedded server holds the data directory. Zonky would fail on its lock too, but
     * without saying what to do; this process's own servers are known from {@link #OPEN_DIRECTORIES}, and are never
     * probed, since closing a probe's channel would release their lock.
     */
    private static boolean lockedByAnotherProcess(Path directory) {
        Path lockFile = directory.resolve(EMBEDDED_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // Not a verdict on the lock: starting the server reports what is wrong with the directory.
            return false;
        }
    }

    private static StrataException inUse(Path directory) {
        return new StrataException(
                ErrorCode.CONFLICT,
                "Cannot open the metadata store in " + directory
                        + ": another running Strata process is using its embedded PostgreSQL (wait for the other"
                        + " strata process to finish, or set STRATA_DB_URL to a PostgreSQL both can share)");
    }

    private static HikariDataSource connect(String url, StoreSettings settings, int connections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("strata-store");
        config.setJdbcUrl(url);
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // pgjdbc's own TCP connect timeout, in seconds: an unroutable host must not outlast the pool's timeout.
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT_MILLIS / 1000));
        config.addDataSourceProperty("ApplicationName", "strata");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            SQLException cause = sqlCause(e);
            String reason = cause == null ? Messages.firstLine(e) : Messages.firstLine(cause);
            String state = cause == null || cause.getSQLState() == null ? "" : cause.getSQLState();
            ErrorCode code = state.startsWith("28") ? ErrorCode.ACCESS_DENIED : ErrorCode.INTERNAL;
            String fix = settings.isEmbedded()
                    ? "the embedded server started but refused connections; remove " + settings.embeddedDirectory()
                            + " if it holds no data you need, or set STRATA_DB_URL"
                    : state.startsWith("28")
                            ? "check STRATA_DB_USER and STRATA_DB_PASSWORD, or POSTGRES_USER and POSTGRES_PASSWORD"
                            : "start PostgreSQL there, or correct STRATA_DB_URL, or POSTGRES_HOST and POSTGRES_PORT;"
                                    + " unset them all to use an embedded PostgreSQL";
            throw new StrataException(
                    code,
                    withoutSecret(
                            "Cannot connect to the metadata store (" + settings.describe() + "): " + reason + " (" + fix
                                    + ")",
                            settings.password()));
        }
    }

    private static void migrate(HikariDataSource pool, StoreSettings settings) {
        long started = System.nanoTime();
        try {
            int applied = Flyway.configure(MetadataStore.class.getClassLoader())
                    // Through SLF4J, as the rest of Strata logs; Flyway would otherwise pick java.util.logging.
                    .loggers("slf4j")
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    // A store another Strata module (e.g. the server) migrated further stays usable by this one.
                    .ignoreMigrationPatterns("*:missing")
                    .cleanDisabled(true)
                    // Migrations are plain SQL: "${" in one is text, not a Flyway placeholder.
                    .placeholderReplacement(false)
                    .load()
                    .migrate()
                    .migrationsExecuted;
            if (applied > 0) {
                LOG.info(
                        "Applied {} migration(s) to the metadata store ({}) in {} ms",
                        applied,
                        settings.describe(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    withoutSecret(
                            "Cannot migrate the metadata store (" + settings.describe() + "): " + Messages.firstLine(e)
                                    + " (check that this Strata version matches the one that last migrated it,"
                                    + " and that the user may create tables)",
                            settings.password()));
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** A driver message may echo a connection property; a password never reaches a user. */
    private static String withoutSecret(String message, String password) {
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }

    /** The quality metrics each run recorded. */
    public MetricsRepository metrics() {
        return metrics;
    }

    /**
     * How another process reaches this store while it is open: an embedded server is reached over its port, since its
     * data directory is this process's alone.
     */
    public StoreSettings connection() {
        return connection;
    }

    /** Registered pipelines and their versions. */
    public PipelineRepository pipelines() {
        return pipelines;
    }

    /** Runs, the run queue and per-dataset outcomes. */
    public RunRepository runs() {
        return runs;
    }

    /** API keys and role bindings. */
    public AccessRepository access() {
        return access;
    }

    /** The append-only audit log. */
    public AuditRepository audit() {
        return audit;
    }

    /** The version of the last migration applied, e.g. {@code 2}. */
    public String schemaVersion() {
        return jdbi.withHandle(
                handle -> handle.createQuery("""
                        SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                        ORDER BY installed_rank DESC LIMIT 1""").mapTo(String.class).findOne().orElse("none"));
    }

    /** The engine's run ledger, when runs are given this store. */
    public LedgerRepository ledger() {
        return ledger;
    }

    /** JDBI on the store's pool, for modules that keep their own tables here. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** {@code embedded PostgreSQL in /root/.strata/postgres} or {@code postgresql://127.0.0.1:5432/strata}. */
    public String describe() {
        return description;
    }

    /** Closes the pool, then stops the embedded server if this store started one. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pool.close();
        if (embedded != null) {
            try {
                stop(embedded, embeddedDirectory);
            } finally {
                OPEN_DIRECTORIES.remove(embeddedDirectory);
            }
        }
    }

    private static void stop(EmbeddedPostgres server, Path directory) {
        try {
            server.close();
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot stop embedded PostgreSQL in " + directory + ": " + Messages.firstLine(e)
                            + " (stop its postgres process by hand before the next run)",
                    e);
        }
    }

    @Override
    public String toString() {
        return "MetadataStore[" + description + "]";
    }
}
