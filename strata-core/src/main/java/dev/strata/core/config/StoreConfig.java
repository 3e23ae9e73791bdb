package dev.strata.core.config;

import static dev.strata.core.config.Part.CLI;
import static dev.strata.core.config.Part.KEYS;
import static dev.strata.core.config.Part.SERVER;
import static dev.strata.core.config.Part.STORE;

import java.nio.file.Path;
import java.util.List;

/** Where Strata keeps its state: its home folder and the metadata store (docs/security.md, docs/quality.md). */
public final class StoreConfig {
    public static final Setting<Path> HOME = Setting.env("STRATA_HOME", SettingType.PATH, STORE, SERVER, KEYS)
            .computedDefault("~/.strata")
            .runs(RunAccess.SET_BY_SERVER)
            .doc("Strata's own folder: the embedded store (`postgres`), run logs (`server`), keys (`keys`), the"
                    + " decrypt audit (`audit`).");
    public static final Setting<String> DB_URL = Setting.env("STRATA_DB_URL", SettingType.TEXT, STORE)
            .computedDefault("an embedded PostgreSQL in `$STRATA_HOME/postgres`")
            .runs(RunAccess.SET_BY_SERVER)
            .doc("The metadata store: `postgresql://host:5432/db` or `jdbc:postgresql://…`; a `user:password@` in it is"
                    + " taken out.");
    public static final Setting<String> DB_USER = Setting.env("STRATA_DB_USER", SettingType.TEXT, STORE)
            .runs(RunAccess.SET_BY_SERVER)
            .doc("The user of `STRATA_DB_URL`.");
    public static final Setting<String> DB_PASSWORD = Setting.env("STRATA_DB_PASSWORD", SettingType.TEXT, STORE)
            .asSecret()
            .runs(RunAccess.SET_BY_SERVER)
            .doc("The password of `STRATA_DB_USER`; a run is given its run role's, never the server's.");
    public static final Setting<String> DB_RUN_USER = Setting.env("STRATA_DB_RUN_USER", SettingType.TEXT, STORE)
            .computedDefault("the server's user")
            .doc("External store only: the role child runs connect as.");
    public static final Setting<String> DB_RUN_PASSWORD = Setting.env("STRATA_DB_RUN_PASSWORD", SettingType.TEXT, STORE)
            .asSecret()
            .doc("The password of `STRATA_DB_RUN_USER`.");
    public static final Setting<String> DB_RUN_TOKEN = Setting.env("STRATA_DB_RUN_TOKEN", SettingType.TEXT, STORE)
            .asSecret()
            .runs(RunAccess.SET_BY_SERVER)
            .doc("A child run's proof of which run it records progress for; never set it yourself.");
    public static final Setting<String> POSTGRES_HOST = Setting.env("POSTGRES_HOST", SettingType.TEXT, STORE)
            .doc("Without `STRATA_DB_URL`: the metadata store's PostgreSQL host.");
    public static final Setting<String> POSTGRES_PORT = Setting.env("POSTGRES_PORT", SettingType.TEXT, STORE)
            .defaultValue("5432")
            .checkWithMessage(
                    StoreConfig::isPort,
                    shown -> "Cannot use POSTGRES_PORT '" + shown + "': it is not a port number (set it to e.g. 5432)")
            .doc("With `POSTGRES_HOST`: its port.");
    public static final Setting<String> POSTGRES_USER = Setting.env("POSTGRES_USER", SettingType.TEXT, STORE)
            .defaultValue("postgres")
            .doc("With `POSTGRES_HOST`: the user.");
    public static final Setting<String> POSTGRES_DB = Setting.env("POSTGRES_DB", SettingType.TEXT, STORE)
            .computedDefault("`POSTGRES_USER`")
            .doc("With `POSTGRES_HOST`: the database.");
    public static final Setting<String> POSTGRES_PASSWORD = Setting.env("POSTGRES_PASSWORD", SettingType.TEXT, STORE)
            .asSecret()
            .doc("With `POSTGRES_HOST`: the user's password.");
    public static final Setting<Path> POSTGRES_BINARIES = Setting.property(
                    "strata.postgres.binaries", SettingType.PATH, STORE)
            .computedDefault("`$STRATA_HOME/postgres-binaries`")
            .doc("Where the embedded PostgreSQL's binaries are extracted (set it in `STRATA_SERVER_JAVA_OPTS`); never"
                    + " a folder others may write to.");
    public static final Setting<Path> USER_HOME = Setting.property("user.home", SettingType.PATH, STORE, KEYS, CLI)
            .computedDefault("set by the JVM")
            .doc("The user's home folder, under which `STRATA_HOME` defaults to `.strata`.");

    static final List<Setting<?>> ALL = List.of(
            HOME,
            DB_URL,
            DB_USER,
            DB_PASSWORD,
            DB_RUN_USER,
            DB_RUN_PASSWORD,
            DB_RUN_TOKEN,
            POSTGRES_HOST,
            POSTGRES_PORT,
            POSTGRES_USER,
            POSTGRES_DB,
            POSTGRES_PASSWORD,
            POSTGRES_BINARIES,
            USER_HOME);

    private StoreConfig() {}

    /** {@code STRATA_HOME}, else {@code ~/.strata}; a bad value is recorded in {@code config}. */
    public static Path home(Config config) {
        Path home = config.get(HOME);
        return home != null ? home : config.get(USER_HOME).resolve(".strata");
    }

    private static boolean isPort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port > 0 && port < 65536;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
