package dev.strata.core.config;

import java.util.List;
import java.util.Optional;

/**
 * Every environment variable and system property Strata reads, declared once: the server's ({@link ServerConfig}),
 * the store's ({@link StoreConfig}), a run's ({@link RunConfig}), its lineage ({@link LineageConfig}) and the launcher's ({@link LauncherConfig}).
 * docs/configuration.md is generated from this list ({@link ConfigurationDocs}); a test records each default.
 */
public final class StrataConfig {
    /** A titled group of declarations, as the docs show them. */
    public record Section(String title, List<Setting<?>> settings) {}

    public static final List<Section> SECTIONS = List.of(
            new Section("Server", ServerConfig.ALL),
            new Section("Run executors", ExecutorConfig.ALL),
            new Section("Schedules", ScheduleConfig.ALL),
            new Section("Lifecycle events", EventsConfig.ALL),
            new Section("Triggers", TriggerConfig.ALL),
            new Section("Metadata store and Strata home", StoreConfig.ALL),
            new Section("Runs: secrets, keys, Spark and Kafka", RunConfig.ALL),
            new Section("Lineage (OpenLineage)", LineageConfig.ALL),
            new Section("Warm engine", DaemonConfig.ALL),
            new Section("Launcher and JVM", LauncherConfig.ALL));

    /** All declarations, in the order the docs list them. */
    public static final List<Setting<?>> ALL =
            SECTIONS.stream().flatMap(section -> section.settings().stream()).toList();

    private StrataConfig() {}

    /**
     * The declaration of environment variable {@code name}: the setting of that name, else the family it belongs to;
     * empty when Strata does not read it.
     */
    public static Optional<Setting<?>> variable(String name) {
        Optional<Setting<?>> exact = ALL.stream()
                .filter(setting -> setting.origin() == Setting.Origin.ENVIRONMENT
                        && setting.name().equals(name))
                .findFirst();
        return exact.isPresent()
                ? exact
                : ALL.stream()
                        .filter(setting -> setting.origin() == Setting.Origin.ENVIRONMENT_PREFIX)
                        .filter(setting -> setting.names(name))
                        .findFirst();
    }

    /** Whether a run the server starts inherits the server's value of environment variable {@code name}. */
    public static boolean inheritedByRuns(String name) {
        return variable(name)
                .map(setting -> setting.runs() == RunAccess.INHERITED)
                .orElse(false);
    }
}
