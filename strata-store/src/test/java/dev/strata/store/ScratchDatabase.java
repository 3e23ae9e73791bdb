package dev.strata.store;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** A database of its own on the machine's PostgreSQL (127.0.0.1:5432, trust auth), dropped on close. */
public final class ScratchDatabase implements AutoCloseable {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

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

    public String name() {
        return name;
    }

    /** Settings for this database, with a password the server (trust auth) ignores, so messages can be checked. */
    public StoreSettings settings(String password) {
        return StoreSettings.external(SERVER + name, "postgres", password);
    }

    /** Direct access, bypassing the store, to check what it wrote. */
    public Jdbi jdbi() {
        return Jdbi.create(SERVER + name, "postgres", "");
    }

    @Override
    public void close() {
        admin().useHandle(handle -> handle.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    private static Jdbi admin() {
        return Jdbi.create(SERVER + "postgres", "postgres", "");
    }
}
