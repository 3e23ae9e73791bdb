package dev.strata.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;

/**
 * Strata's metadata store: a PostgreSQL database, external or embedded, whose schema Flyway keeps current. Every
 * module's tables live in it; each adds its migrations under {@code classpath:db/migration}. An embedded store has
 * generated passwords and three roles (owner, server, run; see {@link StoreRoles} and docs/security.md); a child run
 * reaches the store through {@link #runConnection(String)}.
 */
public final class MetadataStore implements AutoCloseable {
    /** Where every module's migrations live, one version sequence for the whole store. */
    static final String MIGRATIONS = "classpath:db/migration";

    /** Connections a store keeps by default: enough for one engine run or one CLI command. */
    static final int DEFAULT_CONNECTIONS = 4;

    /** The lock file zonky's EmbeddedPostgres holds in the data directory while its server runs. */
    private static final String EMBEDDED_LOCK_FILE = "epg-lock";
    /** The embedded data directories open in this JVM. */
    private static final Set<Path> OPEN_DIRECTORIES = ConcurrentHashMap.newKeySet();

    private final String description;
    private final HikariDataSource pool;
    private final EmbeddedServer embedded;
    private final Path embeddedDirectory;
    private final Jdbi jdbi;
    private final MetricsRepository metrics;
    private final PipelineRepository pipelines;
    private final RunRepository runs;
    private final AccessRepository access;
    private final AuditRepository audit;
    private final LedgerRepository ledger;
    private final TriggerRepository triggers;
    private final ScheduleRepository schedules;
    private final RunTables tables;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StoreSettings runSettings;

    private MetadataStore(
            String description,
            HikariDataSource pool,
            EmbeddedServer embedded,
            Path embeddedDirectory,
            StoreSettings runSettings,
            String runToken) {
        this.description = description;
        this.runSettings = runSettings;
        this.pool = pool;
        this.embedded = embedded;
        this.embeddedDirectory = embeddedDirectory;
        this.jdbi = Jdbi.create(pool);
        this.metrics = new MetricsRepository(jdbi, description);
        this.pipelines = new PipelineRepository(jdbi);
        this.runs = new RunRepository(jdbi, runToken);
        this.access = new AccessRepository(jdbi);
        this.audit = new AuditRepository(jdbi);
        this.ledger = new LedgerRepository(jdbi);
        this.triggers = new TriggerRepository(jdbi, runs);
        this.schedules = new ScheduleRepository(jdbi, runs);
        this.tables = new RunTables(jdbi, runToken);
    }

    /**
     * Connects to the store, starting the embedded PostgreSQL first when the settings name one, and applies the
     * migrations it lacks. An embedded store is migrated by its owner role and used as the server's role ({@code
     * strata_app}); an external one as the configured user. Throws a {@link StrataException} that says what was tried
     * and how to fix it.
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
        HikariDataSource pool =
                StoreConnections.connect(settings.url(), settings.user(), settings.password(), settings, connections);
        try {
            StoreConnections.migrate(pool, settings, settings.password());
            String runUser = settings.runUser();
            if (runUser != null && !runUser.equals(settings.user())) {
                StoreConnections.grantRunRole(pool, settings, runUser);
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        StoreSettings runSettings = settings.runUser() == null
                ? StoreSettings.external(settings.url(), settings.user(), settings.password())
                : StoreSettings.external(settings.url(), settings.runUser(), settings.runPassword());
        return new MetadataStore(description, pool, null, null, runSettings, settings.runToken());
    }

    private static MetadataStore openEmbedded(StoreSettings settings, int connections) {
        Path directory = settings.embeddedDirectory();
        String description = settings.describe();
        if (!OPEN_DIRECTORIES.add(directory)) {
            throw inUse(directory);
        }
        EmbeddedServer server = null;
        try {
            if (lockedByAnotherProcess(directory)) {
                throw inUse(directory);
            }
            server = EmbeddedServer.start(directory);
            String url = server.jdbcUrl();
            StoreCredentials credentials = server.credentials();
            StoreConnections.migrateAsOwner(url, credentials, settings);
            HikariDataSource pool =
                    StoreConnections.connect(url, StoreRoles.APP, credentials.app(), settings, connections);
            return new MetadataStore(
                    description,
                    pool,
                    server,
                    directory,
                    StoreSettings.external(url, StoreRoles.RUN, credentials.run()),
                    null);
        } catch (RuntimeException e) {
            OPEN_DIRECTORIES.remove(directory);
            if (server != null) {
                try {
                    server.close();
                } catch (StrataException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            throw e;
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

    /** The quality metrics each run recorded. */
    public MetricsRepository metrics() {
        return metrics;
    }

    /**
     * How a child run reaches this store while it is open: as the run role ({@code strata_run} over 127.0.0.1 for an
     * embedded store, {@code STRATA_DB_RUN_USER} or else the configured user for an external one), without a run
     * token. Prefer {@link #runConnection(String)}, whose token lets the run record its own progress.
     */
    public StoreSettings connection() {
        return runSettings;
    }

    /**
     * The settings a child process running run {@code runId} must use, with a fresh token that lets it, and only it,
     * record that run's per-dataset progress while the run is running: hand them on with {@link
     * StoreSettings#environment()}. Each call replaces the run's previous token (a retried run gets a new one).
     */
    public StoreSettings runConnection(String runId) {
        String token = StoreCredentials.secret();
        if (!runs.issueProgressToken(runId, token)) {
            throw new IllegalArgumentException("no run " + runId + " in the store");
        }
        return runSettings.withRun(null, null, token);
    }

    /** Registered pipelines and their versions. */
    public PipelineRepository pipelines() {
        return pipelines;
    }

    /** The outbox of lifecycle events, which the server's relay publishes (docs/events.md). */
    public EventOutbox events() {
        return new EventOutbox(jdbi);
    }

    /** Runs, the run queue and per-dataset outcomes. */
    public RunRepository runs() {
        return runs;
    }

    /** Each run's tables and quarantine samples, for the console's dataset page. */
    public RunTables tables() {
        return tables;
    }

    /** Pages of runs and counts by state. */
    public RunListing runListing() {
        return new RunListing(jdbi);
    }

    /** Pipelines' schedule state and the fire times they handled. */
    public ScheduleRepository schedules() {
        return schedules;
    }

    /**
     * The store's connection pool, for a library that keeps its own tables here and speaks JDBC (the scheduler,
     * db-scheduler, on {@code scheduled_tasks}).
     */
    public javax.sql.DataSource dataSource() {
        return pool;
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

    /** What triggers have seen, and the runs they queue (docs/events.md, "Triggers"). */
    public TriggerRepository triggers() {
        return triggers;
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
                embedded.close();
            } finally {
                OPEN_DIRECTORIES.remove(embeddedDirectory);
            }
        }
    }

    @Override
    public String toString() {
        return "MetadataStore[" + description + "]";
    }
}
