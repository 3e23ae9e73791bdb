package dev.strata.server.backends;

import dev.strata.core.config.Config;
import dev.strata.core.config.ExecutorConfig;
import dev.strata.core.config.ServerConfig;
import dev.strata.server.ServerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's executor back-ends, and which one runs each pipeline: {@code STRATA_PIPELINE_EXECUTORS} names it per
 * pipeline, {@code STRATA_EXECUTOR} for the rest. Only the back-ends a setting names are made, and each is checked
 * when the server starts, so that a missing master URL fails {@code strata serve}, not a run at night.
 */
public final class RunBackends implements AutoCloseable {
    public static final String LOCAL = "local";
    public static final String SPARK_SUBMIT = "spark-submit";
    public static final String ARGO = "argo";

    private final Map<String, RunBackend> byName;
    private final String fallback;
    private final Map<String, String> perPipeline;

    private RunBackends(Map<String, RunBackend> byName, String fallback, Map<String, String> perPipeline) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        this.fallback = fallback;
        this.perPipeline = Map.copyOf(perPipeline);
    }

    /**
     * The back-ends {@code env} asks for. Throws one {@link dev.strata.core.config.ConfigException} naming every bad
     * setting.
     */
    public static RunBackends fromEnvironment(ServerSettings settings, Map<String, String> env) {
        Config config = Config.of(env);
        String fallback = config.get(ExecutorConfig.EXECUTOR);
        Map<String, String> perPipeline = new LinkedHashMap<>();
        for (String pair : config.get(ExecutorConfig.PIPELINE_EXECUTORS, List.of())) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || !List.of(LOCAL, SPARK_SUBMIT, ARGO).contains(parts[1].strip())) {
                config.invalid(
                        ExecutorConfig.PIPELINE_EXECUTORS,
                        "pipeline=executor pairs, the executor one of local, spark-submit, argo (got '" + pair + "')");
                continue;
            }
            perPipeline.put(parts[0].strip(), parts[1].strip());
        }
        List<String> wanted = new ArrayList<>(List.of(fallback));
        wanted.addAll(perPipeline.values());
        EngineLaunch launch = new EngineLaunch(settings, env);
        Map<String, RunBackend> backends = new LinkedHashMap<>();
        for (String name : wanted.stream().distinct().toList()) {
            switch (name) {
                case LOCAL -> backends.put(LOCAL, new ChildProcessBackend(LOCAL, settings.runCommand(), launch));
                case SPARK_SUBMIT ->
                    sparkSubmitLauncher(config, env)
                            .ifPresent(launcher -> backends.put(
                                    SPARK_SUBMIT, new ChildProcessBackend(SPARK_SUBMIT, launcher, launch)));
                case ARGO ->
                    ArgoBackend.fromEnvironment(config, settings, env).ifPresent(argo -> backends.put(ARGO, argo));
                default ->
                    throw new IllegalStateException(name + " passed the settings' checks"); // values checked above
            }
        }
        try {
            config.validate();
        } catch (RuntimeException e) {
            backends.values().forEach(RunBackend::close); // the Kubernetes client of an argo back-end
            throw e;
        }
        return new RunBackends(backends, fallback, perPipeline);
    }

    /**
     * {@code spark-submit} in client mode, so that the driver is the server's child process: the server kills it to
     * cancel, and reads its exit code and output as it does a local run's.
     */
    private static Optional<List<String>> sparkSubmitLauncher(Config config, Map<String, String> env) {
        String master = config.get(ExecutorConfig.SPARK_MASTER);
        if (master == null) {
            if (config.isSet(ExecutorConfig.SPARK_MASTER)) {
                return Optional.empty(); // not a master URL: recorded as a problem already
            }
            config.problem("STRATA_SPARK_MASTER is not set, and the spark-submit executor needs it (set e.g."
                    + " STRATA_SPARK_MASTER=spark://spark-master:7077)");
            return Optional.empty();
        }
        Path install = Config.read(ServerConfig.INSTALL_DIR, env).toAbsolutePath();
        String submit = config.get(ExecutorConfig.SPARK_SUBMIT);
        List<String> launcher =
                new ArrayList<>(submit == null ? SparkSubmitInstallation.command(install, env) : split(submit));
        launcher.addAll(List.of(
                "--master",
                master,
                "--deploy-mode",
                "client",
                "--driver-memory",
                config.get(ServerConfig.DRIVER_MEMORY),
                "--class",
                "dev.strata.cli.StrataCommand"));
        String options = config.get(ExecutorConfig.SPARK_SUBMIT_OPTIONS);
        if (options != null) {
            launcher.addAll(split(options));
        }
        Path jar = config.get(ExecutorConfig.ENGINE_JAR, SparkSubmitInstallation.engineJar(install));
        launcher.addAll(List.of(jar.toString(), "run"));
        return Optional.of(launcher);
    }

    private static List<String> split(String words) {
        return Arrays.asList(words.strip().split("\\s+"));
    }

    /** The back-end that runs {@code pipeline}'s runs. */
    public RunBackend of(String pipeline) {
        return byName.get(perPipeline.getOrDefault(pipeline, fallback));
    }

    /** Every back-end this server uses. */
    public Collection<RunBackend> all() {
        return byName.values();
    }

    @Override
    public void close() {
        byName.values().forEach(RunBackend::close);
    }
}
