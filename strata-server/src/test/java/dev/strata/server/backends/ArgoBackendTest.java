package dev.strata.server.backends;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.argo.ArgoOptions;
import dev.strata.core.argo.ArgoSchemas;
import dev.strata.core.argo.Granularity;
import dev.strata.server.ServerSettings;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import dev.strata.store.StoreSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The argo back-end against fabric8's Kubernetes mock server: what it submits, how it reads status, how it stops. */
class ArgoBackendTest {
    private static final String PASSWORD = "run-role-canary-4b7e";
    private static final String TOKEN = "run-token-canary-9d21";
    /** A parameter that would leak the password if anything expanded it, and fail Argo if Argo templated it. */
    private static final String HOSTILE = "$(STRATA_DB_PASSWORD) {{workflow.name}} ; rm -rf /";

    private static final String YAML = """
            name: orders
            parameters:
              REGION: {type: string, default: eu}
            storage: {root: "s3a://lake/orders", format: delta}
            sources:
              raw: {format: csv, path: "s3a://in/orders", options: {token: "${secret:API_TOKEN}"}}
            datasets:
              bronze.orders: {from: raw}
              silver.orders: {sql: "SELECT * FROM bronze.orders WHERE region = '${REGION}'"}
            """;

    @TempDir
    Path folder;

    private ArgoMock mock;
    private ArgoBackend backend;

    @BeforeEach
    void start() {
        mock = new ArgoMock();
        ServerSettings settings = ServerSettings.fromEnvironment(
                Map.of(
                        "STRATA_HOME",
                        folder.resolve("home").toString(),
                        "STRATA_ALLOWED_ROOTS",
                        "s3a://lake/{pipeline}"),
                Path.of("."));
        ArgoOptions options = new ArgoOptions(
                "registry.example.com/strata:1",
                ArgoMock.NAMESPACE,
                Granularity.LAYER,
                "strata-runner",
                "2",
                "4Gi",
                2,
                null,
                null,
                null);
        backend = new ArgoBackend(
                mock.client,
                ArgoMock.NAMESPACE,
                options,
                settings,
                "jdbc:postgresql://strata-postgresql.data:5432/strata",
                Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void submitsAWorkflowThatArgosSchemaAcceptsWithTheRunsValuesOnlyInItsConfigMapAndSecret() throws Exception {
        backend.start(request(run("run_20261206T203700_3f9a1c2b", 1, null, Map.of("REGION", HOSTILE))));
        String name = "strata-run-20261206t203700-3f9a1c2b-1";

        GenericKubernetesResource created = mock.workflow(name);
        JsonNode workflow = mock.json(created);
        assertThat(ArgoSchemas.problems(workflow)).as(workflow.toPrettyString()).isEmpty();
        assertThat(workflow.at("/metadata/labels/strata.dev~1pipeline").asText())
                .isEqualTo("orders");
        assertThat(workflow.at("/metadata/labels/strata.dev~1run-id").asText())
                .isEqualTo("run_20261206T203700_3f9a1c2b");
        assertThat(workflow.at("/spec/suspend").asBoolean(true))
                .as("created suspended, resumed once its ConfigMap and Secret exist")
                .isFalse();
        assertThat(mock.requests())
                .extracting(ArgoMock.Request::method)
                .as("Workflow, ConfigMap, Secret created, then the Workflow resumed")
                .containsSubsequence("POST", "POST", "POST", "PATCH");
        assertThat(workflow.at("/spec/serviceAccountName").asText()).isEqualTo("strata-runner");
        List<String> tasks = new ArrayList<>();
        workflow.at("/spec/templates/0/dag/tasks")
                .forEach(t -> tasks.add(t.get("name").asText()));
        assertThat(tasks).as("STRATA_ARGO_GRANULARITY=layer").containsExactly("bronze", "silver");
        JsonNode container = workflow.at("/spec/templates/1/container");
        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args)
                .contains(
                        "--run-id=run_20261206T203700_3f9a1c2b",
                        "--only={{inputs.parameters.only}}",
                        "--restricted",
                        "--allowed-root=s3a://lake/orders",
                        "--param=REGION=$(STRATA_PARAM_0)");
        Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e.get("valueFrom")));
        for (String stored : List.of("STRATA_DB_URL", "STRATA_DB_USER", "STRATA_DB_PASSWORD", "STRATA_DB_RUN_TOKEN")) {
            assertThat(env.get(stored).at("/secretKeyRef/name").asText()).isEqualTo(name);
            assertThat(env.get(stored).at("/secretKeyRef/key").asText()).isEqualTo(stored);
        }
        assertThat(env.get("STRATA_PARAM_0").at("/configMapKeyRef/key").asText())
                .isEqualTo("param-0");
        assertThat(env.get("STRATA_SECRET_API_TOKEN").at("/secretKeyRef/name").asText())
                .as("the pipeline's own secrets, as strata argo export reads them")
                .isEqualTo("strata-orders-secrets");
        assertThat(workflow.toString())
                .doesNotContain(PASSWORD, TOKEN, "strata_run_role", "strata-postgresql", HOSTILE, "rm -rf");

        ConfigMap configMap = mock.client
                .configMaps()
                .inNamespace(ArgoMock.NAMESPACE)
                .withName(name)
                .get();
        assertThat(configMap.getData()).containsEntry("pipeline.yaml", YAML).containsEntry("param-0", HOSTILE);
        Secret secret = mock.client
                .secrets()
                .inNamespace(ArgoMock.NAMESPACE)
                .withName(name)
                .get();
        assertThat(secret.getStringData())
                .containsEntry("STRATA_DB_URL", "jdbc:postgresql://strata-postgresql.data:5432/strata")
                .containsEntry("STRATA_DB_USER", "strata_run_role")
                .containsEntry("STRATA_DB_PASSWORD", PASSWORD)
                .containsEntry("STRATA_DB_RUN_TOKEN", TOKEN);
        for (var owned : List.of(configMap.getMetadata(), secret.getMetadata())) {
            assertThat(owned.getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getKind()).isEqualTo("Workflow");
                assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
            });
        }
    }

    @Test
    void aRunWithASelectionIsOneTaskWhoseSelectionComesFromTheConfigMap() throws Exception {
        backend.start(request(run("run_2", 3, "silver.orders+", Map.of())));

        JsonNode workflow = mock.json(mock.workflow("strata-run-2-3"));
        assertThat(ArgoSchemas.problems(workflow)).isEmpty();
        assertThat(workflow.at("/spec/templates/0/dag/tasks/0/arguments/parameters/0/value")
                        .asText())
                .isEqualTo("$(STRATA_ONLY)");
        assertThat(workflow.at("/spec/templates/0/dag/tasks").size()).isEqualTo(1);
        assertThat(mock.client
                        .configMaps()
                        .inNamespace(ArgoMock.NAMESPACE)
                        .withName("strata-run-2-3")
                        .get()
                        .getData())
                .containsEntry("only", "silver.orders+");
    }

    @Test
    void theWorkflowsPhaseIsTheEnginesExitAndItsPodsOutputGoesToTheRunsLog() throws Exception {
        EngineRun engine = backend.start(request(run("run_3", 1, null, Map.of())));
        assertThat(engine.pid()).isNull();
        assertThat(engine.awaitExit(Duration.ZERO)).as("no phase yet").isEmpty();
        mock.setStatus("strata-run-3-1", Map.of("phase", "Running"));
        assertThat(engine.awaitExit(Duration.ofMillis(50))).isEmpty();

        mock.client
                .pods()
                .inNamespace(ArgoMock.NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("strata-run-3-1-bronze-123")
                        .addToLabels(ArgoRun.WORKFLOW_LABEL, "strata-run-3-1")
                        .endMetadata()
                        .build())
                .create();
        mock.server
                .expect()
                .get()
                .withPath("/api/v1/namespaces/data/pods/strata-run-3-1-bronze-123/log?pretty=false&container=main")
                .andReturn(200, "bronze.orders: 3 rows written\n")
                .always();
        mock.setStatus("strata-run-3-1", Map.of("phase", "Succeeded"));

        assertThat(engine.awaitExit(Duration.ofSeconds(30))).hasValue(0);
        assertThat(Files.readString(folder.resolve("run_3.log"), StandardCharsets.UTF_8))
                .isEqualTo("[strata] pod strata-run-3-1-bronze-123:\nbronze.orders: 3 rows written\n");
        assertThat(mock.client
                        .secrets()
                        .inNamespace(ArgoMock.NAMESPACE)
                        .withName("strata-run-3-1")
                        .get())
                .as("the store's connection is deleted as soon as the run ended")
                .isNull();
    }

    @Test
    void aFailedWorkflowIsAFailedRunWithArgosMessageAndExit2WhenTheEngineRefusedItsInput() throws Exception {
        EngineRun failed = backend.start(request(run("run_4", 1, null, Map.of())));
        mock.setStatus(
                "strata-run-4-1",
                Map.of("phase", "Failed", "message", "child 'strata-run-4-1-1' failed", "nodes", Map.of()));
        assertThat(failed.awaitExit(Duration.ofSeconds(30))).hasValue(1);
        assertThat(failed.failure())
                .hasValue("the Argo Workflow strata-run-4-1 ended Failed: child 'strata-run-4-1-1' failed; see the"
                        + " run's logs");

        EngineRun refused = backend.start(request(run("run_5", 1, null, Map.of())));
        mock.setStatus(
                "strata-run-5-1",
                Map.of("phase", "Error", "nodes", Map.of("n1", Map.of("outputs", Map.of("exitCode", "2")))));
        assertThat(refused.awaitExit(Duration.ofSeconds(30))).hasValue(2);

        EngineRun deleted = backend.start(request(run("run_6", 1, null, Map.of())));
        mock.client
                .genericKubernetesResources(ArgoBackend.WORKFLOWS)
                .inNamespace(ArgoMock.NAMESPACE)
                .withName("strata-run-6-1")
                .delete();
        assertThat(deleted.awaitExit(Duration.ofSeconds(30))).hasValue(1);
        assertThat(deleted.failure())
                .hasValue("the Argo Workflow strata-run-6-1 was deleted before it ended, not by this server");
    }

    @Test
    void killPatchesShutdownTerminateThenDeletesTheWorkflow() throws Exception {
        EngineRun engine = backend.start(request(run("run_7", 1, null, Map.of())));
        mock.setStatus("strata-run-7-1", Map.of("phase", "Running"));

        CompletableFuture<Void> killing = CompletableFuture.runAsync(engine::kill);
        ArgoMock.Request patch = mock.awaitRequest(
                ArgoMock.on("PATCH", "strata-run-7-1").and(r -> r.body().contains("shutdown")), Duration.ofSeconds(30));
        assertThat(patch.contentType()).startsWith("application/merge-patch+json");
        assertThat(mock.json(patch.body()).toString()).isEqualTo("{\"spec\":{\"shutdown\":\"Terminate\"}}");
        // Argo's controller, seeing the shutdown, stops the pods and ends the Workflow.
        mock.setStatus("strata-run-7-1", Map.of("phase", "Failed", "message", "Stopped with strategy 'Terminate'"));
        killing.get();

        mock.awaitRequest(ArgoMock.on("DELETE", "strata-run-7-1"), Duration.ofSeconds(30));
        assertThat(mock.workflow("strata-run-7-1")).isNull();
        assertThat(engine.awaitExit(Duration.ofSeconds(30)))
                .as("stopped, as by SIGTERM")
                .isEqualTo(OptionalInt.of(143));
        assertThat(mock.client
                        .configMaps()
                        .inNamespace(ArgoMock.NAMESPACE)
                        .withName("strata-run-7-1")
                        .get())
                .isNull();
    }

    @Test
    void anOrphansWorkflowIsStoppedAndDeleted() throws Exception {
        backend.start(request(run("run_8", 2, null, Map.of())));

        backend.killLeftover(run("run_8", 2, null, Map.of()));
        backend.killLeftover(run("run_gone", 1, null, Map.of())); // none: nothing happens, nothing throws

        assertThat(mock.workflow("strata-run-8-2")).isNull();
        List<String> calls = mock.requests().stream()
                .filter(ArgoMock.on("PATCH", "strata-run-8-2").or(ArgoMock.on("DELETE", "strata-run-8-2")))
                .map(r -> r.method() + (r.body().contains("Terminate") ? " shutdown" : ""))
                .toList();
        assertThat(calls).containsSubsequence("PATCH shutdown", "DELETE");
    }

    private EngineRequest request(StoredRun run) {
        return new EngineRequest(
                run,
                YAML,
                folder.resolve(run.id() + ".yaml"),
                folder,
                folder.resolve(run.id() + "-summary.json"),
                folder.resolve(run.id() + ".log"),
                StoreSettings.external("jdbc:postgresql://127.0.0.1:5432/strata", "strata_run_role", PASSWORD)
                        .withRun(null, null, TOKEN));
    }

    private static StoredRun run(String id, int attempt, String only, Map<String, String> parameters) {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        return new StoredRun(
                id,
                "orders",
                1,
                State.RUNNING,
                only,
                parameters,
                attempt,
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
