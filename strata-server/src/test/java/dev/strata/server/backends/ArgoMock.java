package dev.strata.server.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * fabric8's Kubernetes mock server in CRUD mode, serving Argo's Workflows as a namespaced custom resource, as a real API
 * server would once Argo is installed; it records every request. Tests play Argo's controller by setting a Workflow's
 * {@code status}. Nothing else of Kubernetes runs: no pods start, no owner references are collected.
 */
public final class ArgoMock implements AutoCloseable {
    public static final String NAMESPACE = "data";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the server received it, its body read before the server's handlers consume it. */
    public record Request(String method, String path, String contentType, String body) {}

    public final KubernetesMockServer server;
    public final KubernetesClient client;
    private final List<Request> seen = new CopyOnWriteArrayList<>();

    public ArgoMock() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher recording = new KubernetesMixedDispatcher(responses) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                byte[] body = request.getBody() == null
                        ? new byte[0]
                        : request.getBody().getBytes();
                seen.add(new Request(
                        request.getMethod(),
                        request.getPath(),
                        request.getHeader("Content-Type"),
                        new String(body, StandardCharsets.UTF_8)));
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, recording, false);
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                .withGroup("argoproj.io")
                .withVersion("v1alpha1")
                .withKind("Workflow")
                .withPlural("workflows")
                .withScope("Namespaced")
                .build());
        server.init();
        client = server.createClient();
    }

    /** A kubeconfig file, as kubectl writes one, that points at this server with {@link #NAMESPACE} as namespace. */
    public Path kubeconfig(Path folder) throws IOException {
        String url = server.url("/").replaceAll("/$", "");
        return Files.writeString(folder.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: mock, namespace: %s}
                current-context: mock
                users:
                  - name: mock
                    user: {token: mock-token}
                """.formatted(url, NAMESPACE), StandardCharsets.UTF_8);
    }

    public GenericKubernetesResource workflow(String name) {
        return client.genericKubernetesResources(ArgoBackend.WORKFLOWS)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    public List<GenericKubernetesResource> workflows() {
        return client.genericKubernetesResources(ArgoBackend.WORKFLOWS)
                .inNamespace(NAMESPACE)
                .list()
                .getItems();
    }

    /** Plays Argo's controller: sets the Workflow's {@code status} (a merge patch, as the controller's own updates). */
    public void setStatus(String name, Map<String, Object> status) {
        client.genericKubernetesResources(ArgoBackend.WORKFLOWS)
                .inNamespace(NAMESPACE)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(Map.of("status", status)));
    }

    /** A resource, or a JSON text, as Jackson 2 reads it (the server's and the schema validator's Jackson). */
    public JsonNode json(Object resource) throws IOException {
        return JSON.readTree(
                resource instanceof String text
                        ? text
                        : client.getKubernetesSerialization().asJson(resource));
    }

    /** Every request the server received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(seen);
    }

    /** Waits for a request that {@code wanted} holds of, failing after {@code timeout}. */
    public Request awaitRequest(Predicate<Request> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Request request : seen) {
                if (wanted.test(request)) {
                    return request;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such request in " + timeout + "; seen: "
                + seen.stream().map(r -> r.method() + " " + r.path()).toList());
    }

    /** Whether a request is {@code method} on the Workflow {@code name}. */
    public static Predicate<Request> on(String method, String name) {
        String path = "/apis/argoproj.io/v1alpha1/namespaces/" + NAMESPACE + "/workflows/" + name;
        return request -> request.method().equals(method)
                && (request.path().equals(path) || request.path().startsWith(path + "?"));
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
