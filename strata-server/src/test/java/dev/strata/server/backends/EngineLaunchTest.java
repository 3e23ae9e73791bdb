package dev.strata.server.backends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.config.RunAccess;
import dev.strata.core.config.StrataConfig;
import dev.strata.server.ServerSettings;
import dev.strata.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLaunchTest {
    private static final Map<String, String> SERVER_ENVIRONMENT = Map.ofEntries(
            Map.entry("PATH", "/usr/bin"),
            Map.entry("HOME", "/home/strata"),
            Map.entry("STRATA_HOME", "/data/strata"),
            Map.entry("STRATA_ADMIN_TOKEN", "admin-canary"),
            Map.entry("STRATA_JWT_SECRET", "jwt-canary-0123456789abcdef0123456789"),
            Map.entry("LD_PRELOAD", "/tmp/evil.so"),
            Map.entry("AWS_REGION", "eu-west-1"),
            Map.entry("AWS_SECRET_ACCESS_KEY", "aws-canary"),
            Map.entry("STRATA_RUN_ENV", "AWS_REGION"),
            Map.entry("STRATA_SECRET_WAREHOUSE_PASSWORD", "secret-for-runs"),
            Map.entry("STRATA_SECRETS_DIR", "/run/secrets"));

    private final ServerSettings settings = ServerSettings.fromEnvironment(SERVER_ENVIRONMENT, Path.of("/opt/strata"));
    private final EngineLaunch launch = new EngineLaunch(settings, SERVER_ENVIRONMENT);

    @Test
    void theDefaultCommandGivesTheEngineItsClassDataArchiveWhenPackageMadeOne(@TempDir Path install)
            throws IOException {
        Path target = Files.createDirectories(install.resolve("strata-cli").resolve("target"));
        Map<String, String> environment = Map.of("JAVA_HOME", "/usr/lib/jvm/java-17");

        assertThat(EngineLaunch.defaultCommand(install, environment))
                .as("no archive: the JVM loads classes the slow way")
                .noneMatch(argument -> argument.contains("SharedArchiveFile"))
                .contains("dev.strata.cli.StrataCommand");

        Files.writeString(target.resolve("strata-engine.jsa"), "archive");
        List<String> command = EngineLaunch.defaultCommand(install, environment);
        assertThat(command)
                .containsSubsequence(
                        "-Xshare:auto",
                        "-Xlog:cds*=off",
                        "-XX:SharedArchiveFile=" + target.resolve("strata-engine.jsa"),
                        "-cp")
                .endsWith("dev.strata.cli.StrataCommand", "run");
    }

    @Test
    void aRunInheritsTheAllowListOnly() {
        // As MetadataStore.runConnection gives them: the run role, and the run's own token.
        StoreSettings store = StoreSettings.external(
                        "jdbc:postgresql://127.0.0.1:5432/strata", "strata_run", "run-password")
                .withRun(null, null, "run-token");

        assertThat(launch.environment(store))
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("PATH", "/usr/bin"),
                        Map.entry("HOME", "/home/strata"),
                        Map.entry("AWS_REGION", "eu-west-1"),
                        Map.entry("STRATA_RUN_ENV", "AWS_REGION"),
                        Map.entry("SPARK_LOCAL_IP", "127.0.0.1"),
                        Map.entry("STRATA_HOME", "/data/strata"),
                        Map.entry("STRATA_SECRET_WAREHOUSE_PASSWORD", "secret-for-runs"),
                        Map.entry("STRATA_SECRETS_DIR", "/run/secrets"),
                        Map.entry("STRATA_DB_URL", "jdbc:postgresql://127.0.0.1:5432/strata"),
                        Map.entry("STRATA_DB_USER", "strata_run"),
                        Map.entry("STRATA_DB_PASSWORD", "run-password"),
                        Map.entry("STRATA_DB_RUN_TOKEN", "run-token")));
    }

    @Test
    void noServerSecretTheDeclarationsKeepFromRunsReachesOne() {
        Map<String, String> server = new LinkedHashMap<>(SERVER_ENVIRONMENT);
        StrataConfig.ALL.stream()
                .filter(setting -> setting.secret() && setting.runs() != RunAccess.INHERITED)
                .forEach(setting -> server.put(setting.name(), "server-canary-" + setting.name()));
        Map<String, String> run = new EngineLaunch(settings, server)
                .environment(StoreSettings.external("jdbc:postgresql://127.0.0.1:5432/strata", "strata_run", "run")
                        .withRun(null, null, "run-token"));

        assertThat(run.values()).noneMatch(value -> value.startsWith("server-canary-"));
        assertThat(run.keySet())
                .allMatch(name -> StrataConfig.variable(name)
                        .map(setting -> setting.runs() != RunAccess.NOT_PASSED)
                        .orElse(true));
    }

    @Test
    void parametersAndOptionsAreSingleArgumentsThatCannotBecomeOtherOptions() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("DAY", "2026-01-01");
        parameters.put("NOTE", "--master spark://evil:7077");

        List<String> arguments = launch.runArguments(
                Path.of("/runs/r1/pipeline.yaml"),
                "r1",
                Path.of("/pipelines/orders"),
                Path.of("/runs/r1/summary-1.json"),
                "silver.orders+",
                launch.allowedRoots("orders", Path.of("/pipelines/orders")),
                parameters,
                java.time.Instant.parse("2026-01-31T08:00:00Z"));

        assertThat(arguments)
                .containsExactly(
                        "/runs/r1/pipeline.yaml",
                        "--run-id",
                        "r1",
                        "--base-dir",
                        "/pipelines/orders",
                        "--summary-json",
                        "/runs/r1/summary-1.json",
                        "--no-progress",
                        "--restricted",
                        "--allowed-root=/pipelines/orders",
                        "--param=DAY=2026-01-01",
                        "--param=NOTE=--master spark://evil:7077",
                        "--only=silver.orders+",
                        "--logical-time=2026-01-31T08:00:00Z");
    }

    @Test
    void allowedRootsNameEachPipelinesOwnPlace() {
        ServerSettings shared = ServerSettings.fromEnvironment(
                Map.of("STRATA_ALLOWED_ROOTS", "s3a://lake/{pipeline},/landing/{pipeline}/in"), Path.of("/opt/strata"));
        EngineLaunch withRoots = new EngineLaunch(shared, Map.of());

        assertThat(withRoots.allowedRoots("orders", Path.of("/pipelines/orders")))
                .containsExactly("s3a://lake/orders", "/landing/orders/in");
    }
}
