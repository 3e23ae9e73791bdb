package dev.strata.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link MetadataStore} reaches its database: the connection pool, the Flyway migrations, and the grants of the
 * store's roles. Every failure is a {@link StrataException} that says what was tried and how to fix it, with no
 * password in it.
 */
final class StoreConnections {
    /** MetadataStore's logger: what the store logs keeps one name. */
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private StoreConnections() {}

    /**
     * Grants {@code STRATA_DB_RUN_USER} the run role's privileges, when the configured user owns the store's tables
     * (a run, connected as the run user itself, does not).
     */
    static void grantRunRole(HikariDataSource pool, StoreSettings settings, String runUser) {
        Jdbi jdbi = Jdbi.create(pool);
        try {
            jdbi.useHandle(handle -> {
                if (StoreRoles.ownsSchema(handle)) {
                    StoreRoles.grant(handle, null, runUser);
                }
            });
        } catch (JdbiException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    withoutSecret(
                            "Cannot grant the run role's privileges to STRATA_DB_RUN_USER '" + runUser + "' ("
                                    + settings.describe() + "): " + Messages.firstLine(rootCause(e))
                                    + " (create that role first, e.g. CREATE ROLE " + runUser
                                    + " LOGIN PASSWORD '...', or unset STRATA_DB_RUN_USER)",
                            settings.password()),
                    e);
        }
    }

    /** Migrates an embedded store as its owner, then grants the server's and the runs' roles their privileges. */
    static void migrateAsOwner(String url, StoreCredentials credentials, StoreSettings settings) {
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl(url);
        owner.setUser(StoreRoles.OWNER);
        owner.setPassword(credentials.owner());
        owner.setApplicationName("strata");
        migrate(owner, settings, credentials.owner());
        try {
            Jdbi.create(owner).useHandle(handle -> StoreRoles.grant(handle, StoreRoles.APP, StoreRoles.RUN));
        } catch (JdbiException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot grant the metadata store's roles their privileges (" + settings.describe() + "): "
                            + Messages.firstLine(rootCause(e)) + " (check the PostgreSQL log lines above)",
                    e);
        }
    }

    static HikariDataSource connect(String url, String user, String password, StoreSettings settings, int connections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("strata-store");
        config.setJdbcUrl(url);
        // Named, not looked up in DriverManager: under spark-submit pgjdbc sits in the application's class loader,
        // where DriverManager's own discovery (the system class loader) does not see it.
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setUsername(user);
        config.setPassword(password);
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
                    ? state.startsWith("28")
                            ? "the embedded server refused the password in "
                                    + StoreCredentials.fileFor(settings.embeddedDirectory())
                                    + "; restore the password file that belongs to this data directory"
                            : "the embedded server started but refused connections; remove "
                                    + settings.embeddedDirectory() + " if it holds no data you need, or set"
                                    + " STRATA_DB_URL"
                    : state.startsWith("28")
                            ? "check STRATA_DB_USER and STRATA_DB_PASSWORD, or POSTGRES_USER and POSTGRES_PASSWORD"
                            : "start PostgreSQL there, or correct STRATA_DB_URL, or POSTGRES_HOST and POSTGRES_PORT;"
                                    + " unset them all to use an embedded PostgreSQL";
            throw new StrataException(
                    code,
                    withoutSecret(
                            "Cannot connect to the metadata store (" + settings.describe() + "): " + reason + " (" + fix
                                    + ")",
                            password));
        }
    }

    /**
     * Applies the migrations the store lacks. A store that lacks none is left alone, so a role that may not create
     * tables (the server's or a run's) opens a current store.
     */
    static void migrate(DataSource dataSource, StoreSettings settings, String password) {
        long started = System.nanoTime();
        try {
            Flyway flyway = Flyway.configure(StoreConnections.class.getClassLoader())
                    // Through SLF4J, as the rest of Strata logs; Flyway would otherwise pick java.util.logging.
                    .loggers("slf4j")
                    .dataSource(dataSource)
                    .locations(MetadataStore.MIGRATIONS)
                    // A store another Strata module (e.g. the server) migrated further stays usable by this one.
                    .ignoreMigrationPatterns("*:missing")
                    .cleanDisabled(true)
                    // Migrations are plain SQL: "${" in one is text, not a Flyway placeholder.
                    .placeholderReplacement(false)
                    .load();
            if (flyway.info().pending().length == 0) {
                return;
            }
            int applied = flyway.migrate().migrationsExecuted;
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
                                    + " and that the user may create tables; strata db migrate applies the"
                                    + " migrations as the store's owner)",
                            password));
        }
    }

    private static Throwable rootCause(Throwable e) {
        SQLException sql = sqlCause(e);
        return sql == null ? e : sql;
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
    static String withoutSecret(String message, String password) {
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }
}
