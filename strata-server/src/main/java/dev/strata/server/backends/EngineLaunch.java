package dev.strata.server.backends;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.config.ServerConfig;
import dev.strata.core.config.StoreConfig;
import dev.strata.core.config.StrataConfig;
import dev.strata.server.ServerSettings;
import dev.strata.store.StoreSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a run's engine process starts: its command line and its whole environment, built from the server's settings and
 * an allow-list, never from a request. The engine is a JVM started directly, with no shell in between, in restricted
 * mode: it resolves {@code ${NAME}} only from the pipeline's declared parameters and {@code STRATA_RUN_ENV}, reads and
 * writes only under the run's allowed roots, and runs no SQL on files nor reflection (docs/security.md).
 */
public final class EngineLaunch {
    /** What every process needs to run, taken from the server's environment. */
    private static final Set<String> BASE_ENVIRONMENT =
            Set.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR");

    private final ServerSettings settings;
    private final Map<String, String> environment;

    /** @param serverEnvironment the server's own environment, of which a run inherits only the allow-listed part */
    EngineLaunch(ServerSettings settings, Map<String, String> serverEnvironment) {
        this.settings = settings;
        Map<String, String> env = new HashMap<>();
        for (String name : BASE_ENVIRONMENT) {
            putIfSet(env, name, serverEnvironment.get(name));
        }
        for (String name : settings.runEnvironment()) {
            putIfSet(env, name, serverEnvironment.get(name));
        }
        // Where a run finds its secrets and keys: the settings declared inherited; never the server's own secrets.
        serverEnvironment.forEach((name, value) -> {
            if (StrataConfig.inheritedByRuns(name)) {
                env.put(name, value);
            }
        });
        if (!settings.runEnvironment().isEmpty()) {
            env.put(ServerConfig.RUN_ENV.name(), String.join(",", settings.runEnvironment()));
        }
        env.put(ServerConfig.SPARK_LOCAL_IP.name(), Config.read(ServerConfig.SPARK_LOCAL_IP, serverEnvironment));
        env.put(StoreConfig.HOME.name(), settings.strataHome().toString());
        this.environment = Map.copyOf(env);
    }

    /**
     * The whole environment of a run's process, which records its outcome and metrics in the server's store as {@code
     * store} says: the run role, and the token that lets it record its own run's progress.
     */
    Map<String, String> environment(StoreSettings store) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(store.environment());
        return Map.copyOf(env);
    }

    /**
     * The arguments of {@code strata run} for one run, after the launcher: the stored pipeline and its options; each
     * parameter is one {@code --param=NAME=VALUE} argument, so that no value can be read as another option. A run with
     * a logical time (a scheduled one, also when retried) gets it as {@code --logical-time}.
     */
    List<String> runArguments(
            Path pipelineFile,
            String runId,
            Path baseDir,
            Path summaryFile,
            String only,
            List<String> allowedRoots,
            Map<String, String> parameters,
            Instant logicalTime) {
        List<String> command = new ArrayList<>(List.of(
                pipelineFile.toString(),
                "--run-id",
                runId,
                "--base-dir",
                baseDir.toString(),
                "--summary-json",
                summaryFile.toString(),
                "--no-progress",
                "--restricted"));
        for (String root : allowedRoots) {
            command.add("--allowed-root=" + root);
        }
        parameters.forEach((name, value) -> command.add("--param=" + name + "=" + value));
        if (only != null) {
            command.add("--only=" + only);
        }
        if (logicalTime != null) {
            command.add("--logical-time=" + logicalTime);
        }
        return command;
    }

    /** Where a run of {@code pipeline} may read and write ({@link ServerSettings#allowedRootsOf}). */
    List<String> allowedRoots(String pipeline, Path baseDir) {
        return settings.allowedRootsOf(pipeline, baseDir);
    }

    /**
     * The engine's command when the operator set none: this JVM's own {@code java} running the CLI's class path, with
     * the options Spark needs from {@code bin/spark-jvm.args}, and the class-data archive {@code mvn package} trains
     * for the commands that start Spark (as {@code bin/strata} gives them) when there is one; no shell. The JVM checks
     * the archive against the class path's jars and, with its logging off, quietly starts without it on a mismatch.
     */
    public static List<String> defaultCommand(Path installDirectory, Map<String, String> serverEnvironment) {
        Config config = Config.of(serverEnvironment);
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(config.get(LauncherConfig.JAVA_HOME)
                        .resolve("bin")
                        .resolve("java")
                        .toString());
        Path cli = installDirectory.resolve("strata-cli").resolve("target");
        List<String> command = new ArrayList<>(List.of(
                java,
                "@" + installDirectory.resolve("bin").resolve("spark-jvm.args"),
                "-Xmx" + config.get(ServerConfig.DRIVER_MEMORY),
                "-XX:+UseParallelGC"));
        Path archive = cli.resolve("strata-engine.jsa");
        if (Files.isRegularFile(archive)) {
            command.addAll(List.of("-Xshare:auto", "-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive));
        }
        String javaOptions = config.get(ServerConfig.JAVA_OPTS);
        if (javaOptions != null) {
            command.addAll(List.of(javaOptions.strip().split("\\s+")));
        }
        command.addAll(List.of(
                "-cp",
                cli.resolve("strata-cli.jar")
                        + File.pathSeparator
                        + cli.resolve("lib").resolve("*"),
                "dev.strata.cli.StrataCommand",
                "run"));
        return command;
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
