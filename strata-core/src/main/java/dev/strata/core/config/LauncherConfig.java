package dev.strata.core.config;

import static dev.strata.core.config.Part.BENCH;
import static dev.strata.core.config.Part.CLI;
import static dev.strata.core.config.Part.ENGINE;
import static dev.strata.core.config.Part.LAUNCHER;
import static dev.strata.core.config.Part.SERVER;

import java.nio.file.Path;
import java.util.List;

/** How the JVMs start ({@code bin/strata}), and the standard JVM properties Strata reads. */
public final class LauncherConfig {
    public static final Setting<String> SERVER_MEMORY = Setting.env("STRATA_SERVER_MEMORY", SettingType.TEXT, LAUNCHER)
            .defaultValue("1g")
            .doc("The server JVM's heap (`-Xmx`) for `strata serve`.");
    public static final Setting<String> SERVER_JAVA_OPTS = Setting.env(
                    "STRATA_SERVER_JAVA_OPTS", SettingType.TEXT, LAUNCHER)
            .doc("More options for the server JVM, e.g. `-Dstrata.postgres.binaries=…`.");
    public static final Setting<Path> TEMP_DIR = Setting.property(
                    "java.io.tmpdir", SettingType.PATH, CLI, ENGINE, BENCH)
            .computedDefault("set by the JVM")
            .doc("Spark's scratch folder is `strata-spark-<user>` in it.");
    public static final Setting<String> USER_NAME = Setting.property("user.name", SettingType.STRING, CLI, ENGINE)
            .computedDefault("set by the JVM")
            .doc("Names Spark's scratch folder, and the principal `user:<name>` of `strata keys`.");
    public static final Setting<Path> JAVA_HOME = Setting.property("java.home", SettingType.PATH, SERVER, CLI)
            .computedDefault("set by the JVM")
            .doc("The `java` of server-started runs, and of the CLI's warm engine, when this JVM's own command is"
                    + " unknown.");
    public static final Setting<String> TERMINAL_COLUMNS = Setting.env("COLUMNS", SettingType.TEXT, CLI)
            .computedDefault("set by the shell; 80 when unset")
            .doc("The terminal's width, to which the live progress display of `strata run` cuts its lines.");
    public static final Setting<String> BENCH_MASTER = Setting.property("strata.bench.master", SettingType.TEXT, BENCH)
            .defaultValue("local[*]")
            .doc("The Spark master the benchmarks run on.");

    static final List<Setting<?>> ALL =
            List.of(SERVER_MEMORY, SERVER_JAVA_OPTS, TEMP_DIR, USER_NAME, JAVA_HOME, TERMINAL_COLUMNS, BENCH_MASTER);

    private LauncherConfig() {}

    /** {@code java.io.tmpdir/strata-spark-user.name}: Spark's scratch folder for this user. */
    public static Path sparkScratch(Config config) {
        return config.get(TEMP_DIR).resolve("strata-spark-" + config.get(USER_NAME));
    }
}
