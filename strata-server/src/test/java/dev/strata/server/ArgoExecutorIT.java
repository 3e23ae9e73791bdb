package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static dev.strata.server.TestServer.DB_PASSWORD;
import static dev.strata.server.TestServer.json;
import static dev.strata.server.TestServer.pipelineYaml;
import static dev.strata.server.TestServer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.server.backends.ArgoMock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code STRATA_EXECUTOR=argo} through the real server on the machine's PostgreSQL, against fabric8's Kubernetes mock
 * server found through a kubeconfig file; the test plays Argo's controller by setting each Workflow's phase.
 */
class ArgoExecutorIT {
    @TempDir
    static Path root;

    static ArgoMock argo;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        argo = new ArgoMock();
        server = TestServer.start(
                root,
                Map.of(
                        "STRATA_EXECUTOR", "argo",
                        "KUBECONFIG", argo.kubeconfig(root).toString(),
                        "STRATA_ARGO_IMAGE", "registry.example.com/strata:1",
                        "STRATA_ARGO_DB_URL", "postgresql://strata-postgresql.data:5432/strata"));
    }

    @AfterAll
    static void stop() {
        server.close();
        argo.close();
    }

    @Test
    void aRunIsAWorkflowWhoseSucceededPhaseSucceedsIt() throws Exception {
        register("argo_ok");
        String runId = run("argo_ok");
        GenericKubernetesResource workflow = awaitWorkflow(runId);
        String name = workflow.getMetadata().getName();
        assertThat(name)
                .isEqualTo("strata-" + runId.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-1");
        assertThat(workflow.getMetadata().getNamespace())
                .as("the kubeconfig's namespace")
                .isEqualTo(ArgoMock.NAMESPACE);
        assertThat(argo.json(workflow).toString()).doesNotContain(DB_PASSWORD);
        server.awaitRun(runId, status("running"), Duration.ofSeconds(15));

        argo.setStatus(name, Map.of("phase", "Succeeded"));

        JsonNode succeeded = server.awaitRun(runId, status("succeeded"), Duration.ofSeconds(30));
        assertThat(succeeded.get("exit_code").asInt()).isZero();
        assertThat(argo.client
                        .secrets()
                        .inNamespace(ArgoMock.NAMESPACE)
                        .withName(name)
                        .get())
                .isNull();
    }

    @Test
    void cancellingARunStopsAndDeletesItsWorkflow() throws Exception {
        register("argo_cancel");
        String runId = run("argo_cancel");
        String name = awaitWorkflow(runId).getMetadata().getName();
        argo.setStatus(name, Map.of("phase", "Running"));
        server.awaitRun(runId, status("running"), Duration.ofSeconds(15));

        HttpResponse<String> cancel = server.postJson("/api/v1/runs/" + runId + "/cancel", ADMIN_TOKEN, "");
        assertThat(cancel.statusCode()).isEqualTo(202);
        ArgoMock.Request patch = argo.awaitRequest(
                ArgoMock.on("PATCH", name).and(r -> r.body().contains("Terminate")), Duration.ofSeconds(30));
        assertThat(argo.json(patch.body()).toString()).isEqualTo("{\"spec\":{\"shutdown\":\"Terminate\"}}");
        argo.setStatus(name, Map.of("phase", "Failed", "message", "Stopped with strategy 'Terminate'"));

        argo.awaitRequest(ArgoMock.on("DELETE", name), Duration.ofSeconds(30));
        JsonNode cancelled = server.awaitRun(runId, status("cancelled"), Duration.ofSeconds(30));
        assertThat(cancelled.get("message").asText()).isEqualTo("cancelled while running");
        assertThat(argo.workflow(name)).isNull();
    }

    @Test
    void aFailedWorkflowFailsTheRunOnceWithArgosMessage() throws Exception {
        register("argo_fail");
        String runId = run("argo_fail");
        String name = awaitWorkflow(runId).getMetadata().getName();

        argo.setStatus(name, Map.of("phase", "Failed", "message", "child '" + name + "-1' failed"));

        JsonNode failed = server.awaitRun(runId, status("failed"), Duration.ofSeconds(30));
        assertThat(failed.get("message").asText())
                .isEqualTo("the Argo Workflow " + name + " ended Failed: child '" + name + "-1' failed; see the run's"
                        + " logs");
        assertThat(failed.get("attempt").asInt())
                .as("Argo retried its tasks; the server does not retry the Workflow")
                .isEqualTo(1);
    }

    private static void register(String name) {
        HttpResponse<String> registered = server.postYaml("/api/v1/pipelines", ADMIN_TOKEN, pipelineYaml(name));
        assertThat(registered.statusCode()).as(registered.body()).isIn(200, 201);
    }

    private static String run(String pipeline) {
        HttpResponse<String> queued = server.postJson("/api/v1/pipelines/" + pipeline + "/runs", ADMIN_TOKEN, "{}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return json(queued).get("run_id").asText();
    }

    private static GenericKubernetesResource awaitWorkflow(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (GenericKubernetesResource workflow : argo.workflows()) {
                if (runId.equals(workflow.getMetadata().getAnnotations().get("strata.dev/run-id"))) {
                    return workflow;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no Workflow for run " + runId + "; last run: "
                + server.get("/api/v1/runs/" + runId, ADMIN_TOKEN).body());
    }
}
