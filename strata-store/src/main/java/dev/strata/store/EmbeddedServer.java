package dev.strata.store;

import dev.strata.core.config.Config;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.io.PrivateFiles;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strata's embedded PostgreSQL (zonky's binaries) in a data directory kept across runs: every login needs a password
 * (SCRAM-SHA-256, no {@code trust}); the passwords are generated, and kept in a file only this user may read; the
 * superuser is used only to create the store's roles ({@link StoreRoles}). Starting after a crash stops the server the
 * crashed process left running ({@link OrphanedServer}), and a data directory an older Strata made (trust, one superuser) is upgraded in
 * place.
 */
final class EmbeddedServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    /** The database the store lives in: the one an embedded store has always used, so old data directories work. */
    static final String DATABASE = "postgres";

    /** Every login needs a password, over the loopback interface or the local socket; nothing else may connect. */
    static final String HBA = """
            # Written by Strata on every start (docs/security.md): every login needs a password (SCRAM-SHA-256),
            # from this machine only. No trust, no peer, no replication.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    /**
     * Zonky's binaries, resolved as zonky does but keyed apart from its default in zonky's cache of extracted
     * binaries, so that they are extracted into the directory this class names (the first one this JVM asks for)
     * rather than into a shared one another library's zonky server chose.
     */
    private static final PgBinaryResolver BINARIES = DefaultPostgresBinaryResolver.INSTANCE::getPgBinary;

    private final EmbeddedPostgres server;
    private final Path directory;
    private final StoreCredentials credentials;

    private EmbeddedServer(EmbeddedPostgres server, Path directory, StoreCredentials credentials) {
        this.server = server;
        this.directory = directory;
        this.credentials = credentials;
    }

    /**
     * Starts the server in {@code directory} (creating it when it holds nothing), after stopping one a crashed Strata
     * process left running there, and makes sure its roles, their passwords and their privileges on the database are
     * as {@link StoreRoles} says.
     */
    static EmbeddedServer start(Path directory) {
        Path passwordFile = StoreCredentials.fileFor(directory);
        try {
            Files.createDirectories(directory.getParent());
        } catch (IOException e) {
            throw cannotStart(directory, e);
        }
        OrphanedServer.stop(directory);
        boolean fresh = !Files.exists(directory.resolve("postgresql.conf"));
        boolean legacy;
        try {
            legacy = !fresh && trusts(directory.resolve("pg_hba.conf"));
        } catch (UncheckedIOException e) {
            throw cannotStart(directory, e.getCause());
        }
        StoreCredentials credentials = StoreCredentials.read(passwordFile).orElse(null);
        if (credentials == null) {
            if (!fresh && !legacy) {
                throw new StrataException(
                        ErrorCode.ACCESS_DENIED,
                        "Cannot open the metadata store in " + directory + ": its password file " + passwordFile
                                + " is missing (restore it from the backup it was taken with, or move " + directory
                                + " away to start an empty store)");
            }
            credentials = StoreCredentials.generate();
            credentials.write(passwordFile);
        }
        if (legacy) {
            LOG.warn(
                    "Upgrading the embedded PostgreSQL in {}: it accepted logins without a password; from now on its"
                            + " roles have the passwords in {}",
                    directory,
                    passwordFile);
        }
        EmbeddedPostgres server = launch(directory, credentials, fresh, legacy);
        try {
            bootstrap(server.getPort(), directory, credentials, legacy);
            if (legacy) {
                writeHba(directory);
                reload(server.getPort(), credentials);
            }
        } catch (UncheckedIOException e) {
            close(server, e);
            throw cannotStart(directory, e.getCause());
        } catch (RuntimeException e) {
            close(server, e);
            throw e;
        }
        return new EmbeddedServer(server, directory, credentials);
    }

    private static void close(EmbeddedPostgres server, Exception failure) {
        try {
            server.close();
        } catch (IOException stopFailure) {
            failure.addSuppressed(stopFailure);
        }
    }

    private static EmbeddedPostgres launch(
            Path directory, StoreCredentials credentials, boolean fresh, boolean legacy) {
        long started = System.nanoTime();
        Path passwordForInitdb = null;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // Zonky turns it off for throwaway test databases; this one keeps the history across runs.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // Zonky's own readiness check logs in as the superuser.
                    .setConnectConfig("password", credentials.superuser())
                    // Not zonky's default, a folder under the system's temporary directory that anyone may write to:
                    // a binary someone placed there would run as this user.
                    .setOverrideWorkingDirectory(binaries(directory.getParent()).toFile())
                    .setPgBinaryResolver(BINARIES)
                    // Before the server first starts: a fresh directory's pg_hba.conf (initdb writes trust) is ours
                    // before anyone can connect. An old directory keeps trust until its superuser has a password.
                    .setDataDirectoryCustomizer(dataDirectory -> {
                        if (!legacy) {
                            writeHba(dataDirectory.toPath());
                        }
                    });
            if (fresh) {
                passwordForInitdb = secretFile(directory.getParent(), credentials.superuser());
                // Zonky passes its "locale" settings to initdb as --name=value: this one gives the superuser its
                // password from the start.
                builder.setLocaleConfig("pwfile", passwordForInitdb.toString());
            }
            EmbeddedPostgres server = builder.start();
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
            throw cannotStart(directory, e);
        } finally {
            if (passwordForInitdb != null) {
                try {
                    Files.deleteIfExists(passwordForInitdb);
                } catch (IOException e) {
                    LOG.warn("Cannot remove {}: {}", passwordForInitdb, Messages.firstLine(e));
                }
            }
        }
    }

    private static StrataException cannotStart(Path directory, Exception e) {
        return new StrataException(
                ErrorCode.INTERNAL,
                "Cannot start embedded PostgreSQL in " + directory + ": " + Messages.firstLine(e)
                        + " (check that the directory is writable and holds a PostgreSQL data directory or"
                        + " nothing, or set STRATA_DB_URL to use another PostgreSQL)",
                e);
    }

    /**
     * Where zonky extracts the binaries: {@code -Dstrata.postgres.binaries}, else beside the data directory, in this
     * user's Strata home. Never a folder others may write to: whatever binary is there runs as this user.
     */
    static Path binaries(Path home) {
        Path configured = Config.read(StoreConfig.POSTGRES_BINARIES, Map.of());
        return configured == null ? home.resolve("postgres-binaries") : configured.toAbsolutePath();
    }

    private static void bootstrap(int port, Path directory, StoreCredentials credentials, boolean legacy) {
        try (Connection superuser = connect(port, StoreRoles.SUPERUSER, credentials.superuser())) {
            StoreRoles.bootstrap(superuser, credentials, legacy);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            throw new StrataException(
                    state.startsWith("28") ? ErrorCode.ACCESS_DENIED : ErrorCode.INTERNAL,
                    "Cannot prepare the roles of the metadata store in " + directory + ": " + Messages.firstLine(e)
                            + (state.startsWith("28")
                                    ? " (the password file " + StoreCredentials.fileFor(directory)
                                            + " does not belong to this data directory; restore the one that does)"
                                    : " (check the PostgreSQL log lines above)"),
                    e);
        }
    }

    private static void reload(int port, StoreCredentials credentials) {
        try (Connection superuser = connect(port, StoreRoles.SUPERUSER, credentials.superuser());
                Statement sql = superuser.createStatement()) {
            sql.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot reload the embedded PostgreSQL's configuration: " + Messages.firstLine(e)
                            + " (restart Strata)",
                    e);
        }
    }

    static Connection connect(int port, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "strata");
        properties.setProperty("connectTimeout", "5");
        // pgjdbc directly, not through DriverManager, which under spark-submit does not see the application's jars.
        return new org.postgresql.Driver().connect(jdbcUrl(port), properties);
    }

    static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Whether a pg_hba.conf lets anyone in without a password: an older Strata's data directory. */
    static boolean trusts(Path hba) {
        try {
            return Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .anyMatch(line -> List.of(line.split("\\s+")).contains("trust"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + hba, e);
        }
    }

    private static void writeHba(Path directory) {
        try {
            Files.writeString(directory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + directory.resolve("pg_hba.conf"), e);
        }
    }

    /** A file holding {@code secret} alone, readable by this user only, for initdb to read and us to remove. */
    private static Path secretFile(Path folder, String secret) throws IOException {
        Path file = Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)
                ? Files.createTempFile(folder, ".initdb", ".tmp", PrivateFiles.ownerOnly())
                : Files.createTempFile(folder, ".initdb", ".tmp");
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        return file;
    }

    int port() {
        return server.getPort();
    }

    String jdbcUrl() {
        return jdbcUrl(server.getPort());
    }

    StoreCredentials credentials() {
        return credentials;
    }

    /**
     * Stops the server, and waits until its postmaster has ended: zonky gives {@code pg_ctl stop} a few seconds only,
     * and a server still writing its shutdown checkpoint when this JVM exits (as after Ctrl-C on a busy machine) would
     * keep the next start from starting its own.
     */
    @Override
    public void close() {
        try {
            server.close();
            OrphanedServer.awaitEnd(directory);
        } catch (IOException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot stop embedded PostgreSQL in " + directory + ": " + Messages.firstLine(e)
                            + " (stop its postgres process by hand before the next run)",
                    e);
        }
    }
}
