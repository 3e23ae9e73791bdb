package dev.strata.core.config;

import static dev.strata.core.config.Part.CLI;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The warm engine: the background JVM that keeps Spark started for {@code strata run} and {@code strata sql}. */
public final class DaemonConfig {
    public static final Setting<String> DAEMON = Setting.env("STRATA_DAEMON", SettingType.oneOf("on", "off"), CLI)
            .defaultValue("on")
            .doc("`off` runs every command in its own JVM, as `--no-daemon` does for one command.");
    public static final Setting<Duration> IDLE = Setting.env("STRATA_DAEMON_IDLE", SettingType.DURATION, CLI)
            .defaultValue("30m")
            .doc("A daemon that has served nothing for this long stops.");
    public static final Setting<Path> RUNTIME_DIR = Setting.env("XDG_RUNTIME_DIR", SettingType.PATH, CLI)
            .computedDefault("set by the login session")
            .doc("The daemons' sockets are in `strata/daemons` in it (else in `~/.strata/daemons`), a folder only"
                    + " its owner may enter.");

    static final List<Setting<?>> ALL = List.of(DAEMON, IDLE, RUNTIME_DIR);

    private DaemonConfig() {}
}
