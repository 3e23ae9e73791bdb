package dev.strata.server.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.config.ConfigException;
import dev.strata.server.ServerSettings;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import dev.strata.store.StoreSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunBackendsTest {
    private static final Path INSTALL = Path.of("/opt/strata");

    @Test
    void everyPipelineRunsLocallyByDefault() {
        RunBackends backends = backends(Map.of());

        assertThat(backends.of("orders").name()).isEqualTo("local");
        assertThat(backends.all()).extracting(RunBackend::name).containsExactly("local");
    }

    @Test
    void aPipelineGetsItsOwnExecutorAndTheRestTheDefault() {
        RunBackends backends = backends(Map.of(
                "STRATA_PIPELINE_EXECUTORS", "nightly=spark-submit",
                "STRATA_SPARK_MASTER", "spark://spark-master:7077"));

        assertThat(backends.of("nightly").name()).isEqualTo("spark-submit");
        assertThat(backends.of("orders").name()).isEqualTo("local");
        assertThat(backends.all()).extracting(RunBackend::name).containsExactly("local", "spark-submit");
    }

    @Test
    void sparkSubmitStartsTheEngineJarInClientModeOnTheMaster() {
        RunBackends backends = backends(Map.of(
                "STRATA_EXECUTOR", "spark-submit",
                "STRATA_SPARK_MASTER", "spark://spark-master:7077",
                "STRATA_SPARK_SUBMIT", "/opt/spark/bin/spark-submit",
                "STRATA_SPARK_SUBMIT_OPTIONS", "--executor-memory 8g  --conf spark.sql.shuffle.partitions=64",
                "STRATA_ENGINE_JAR", "/opt/strata/strata-engine-0.1.0-all.jar"));
        ChildProcessBackend submit = (ChildProcessBackend) backends.of("orders");

        List<String> command = submit.command(request(run("r1", "orders")));

        assertThat(command)
                .startsWith(
                        "/opt/spark/bin/spark-submit",
                        "--master",
                        "spark://spark-master:7077",
                        "--deploy-mode",
                        "client",
                        "--driver-memory",
                        "4g",
                        "--class",
                        "dev.strata.cli.StrataCommand",
                        "--executor-memory",
                        "8g",
                        "--conf",
                        "spark.sql.shuffle.partitions=64",
                        "/opt/strata/strata-engine-0.1.0-all.jar",
                        "run",
                        "/runs/r1/pipeline.yaml",
                        "--run-id",
                        "r1")
                .contains("--restricted", "--allowed-root=/pipelines/orders");
    }

    @Test
    void withoutSparkInstalledTheInstallationsOwnSparkSubmitRuns() {
        RunBackends backends =
                backends(Map.of("STRATA_EXECUTOR", "spark-submit", "STRATA_SPARK_MASTER", "spark://spark-master:7077"));

        List<String> command = ((ChildProcessBackend) backends.of("orders")).command(request(run("r1", "orders")));

        assertThat(command.get(0)).as("a JVM started directly, no shell").endsWith("/bin/java");
        assertThat(command).contains("org.apache.spark.deploy.SparkSubmit", "--deploy-mode", "client");
        assertThat(command.get(command.indexOf("run") - 1)).matches(".*strata-engine-.*all\\.jar");
    }

    @Test
    void aMissingMasterOrAnUnknownExecutorFailsTheServersStartWithEveryProblem() {
        assertThatThrownBy(() -> backends(Map.of(
                        "STRATA_EXECUTOR", "spark-submit",
                        "STRATA_PIPELINE_EXECUTORS", "nightly=kubernetes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRATA_SPARK_MASTER is not set")
                .hasMessageContaining("set e.g. STRATA_SPARK_MASTER=spark://")
                .hasMessageContaining("STRATA_PIPELINE_EXECUTORS")
                .hasMessageContaining("nightly=kubernetes");
        assertThatThrownBy(() -> backends(Map.of("STRATA_EXECUTOR", "yarn")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRATA_EXECUTOR");
        assertThatThrownBy(() ->
                        backends(Map.of("STRATA_EXECUTOR", "spark-submit", "STRATA_SPARK_MASTER", "spark-master:7077")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRATA_SPARK_MASTER")
                .hasMessageContaining("spark://host:7077");
    }

    @Test
    void theArgoExecutorNeedsAnImageAndAReadableKubeconfig() {
        assertThatThrownBy(() -> backends(Map.of(
                        "STRATA_PIPELINE_EXECUTORS", "nightly=argo",
                        "KUBECONFIG", "/nonexistent/kubeconfig",
                        "STRATA_ARGO_NAMESPACE", "Data_Pipelines")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRATA_ARGO_IMAGE is not set, and the argo executor needs it (set it to the"
                        + " engine image of this release, e.g. STRATA_ARGO_IMAGE=ghcr.io/strata-dev/strata:<version>)")
                .hasMessageContaining("KUBECONFIG=/nonexistent/kubeconfig cannot be read")
                .hasMessageContaining("STRATA_ARGO_NAMESPACE");
    }

    private static RunBackends backends(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("STRATA_HOME", "/data/strata");
        return RunBackends.fromEnvironment(ServerSettings.fromEnvironment(env, INSTALL), env);
    }

    private static EngineRequest request(StoredRun run) {
        return new EngineRequest(
                run,
                "pipeline: orders",
                Path.of("/runs", run.id(), "pipeline.yaml"),
                Path.of("/pipelines", run.pipeline()),
                Path.of("/runs", run.id(), "summary-1.json"),
                Path.of("/runs", run.id(), "run.log"),
                StoreSettings.external("jdbc:postgresql://127.0.0.1:5432/strata", "strata_run", "run"));
    }

    private static StoredRun run(String id, String pipeline) {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        return new StoredRun(
                id,
                pipeline,
                1,
                State.RUNNING,
                null,
                Map.of(),
                1,
                "admin",
                now,
                now,
                null,
                "srv",
                null,
                false,
                null,
                null,
                null,
                null,
                null);
    }
}
