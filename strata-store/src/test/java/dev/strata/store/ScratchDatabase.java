package dev.strata.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A database of its own, dropped on close, on the machine's PostgreSQL (127.0.0.1:5432, trust auth) where one runs;
 * else on an embedded PostgreSQL this test JVM starts once (docs/architecture.md). {@code -Dstrata.test.postgres=embedded}
 * forces the embedded one.
 */
public final class ScratchDatabase implements AutoCloseable {
    private static final String MACHINE = "jdbc:postgresql://127.0.0.1:5432/";
    private static String server;

    private final String name;

    private ScratchDatabase(String name) {
        this.name = name;
    }

    public static ScratchDatabase create() {
        String name = "strata_store_it_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin().useHandle(handle -> handle.execute("CREATE DATABASE " + name));
        return new ScratchDatabase(name);
    }

    /** The server's JDBC URL up to the database name, e.g. {@code jdbc:postgresql://127.0.0.1:5432/}. */
    public static synchronized String server() {
        if (server == null) {
            server = !"embedded".equals(System.getProperty("strata.test.postgres")) && reachable(MACHINE + "postgres")
                    ? MACHINE
                    : startEmbedded();
        }
        return server;
    }

    public String name() {
        return name;
    }

    /** Settings for this database, with a password the server (trust auth) ignores, so messages can be checked. */
    public StoreSettings settings(String password) {
        return StoreSettings.external(server() + name, "postgres", password);
    }

    /** Direct access, bypassing the store, to check what it wrote. */
    public Jdbi jdbi() {
        return Jdbi.create(server() + name, "postgres", "");
    }

    @Override
    public void close() {
        admin().useHandle(handle -> handle.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    private static Jdbi admin() {
        return Jdbi.create(server() + "postgres", "postgres", "");
    }

    private static boolean reachable(String url) {
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(url, "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    // The JVM is going away; its temporary data directory with it.
                }
            }));
            return "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start an embedded PostgreSQL for the tests", e);
        }
    }
}
