package dev.strata.server.backends;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's Argo Workflow, followed by polling its {@code status.phase}: Pending and Running (or none yet) mean it
 * runs; Succeeded is exit 0; Failed and Error are exit 1, or 2 when a task's engine refused its input; a Workflow gone
 * before it ended fails the run with exit 1. Its pods' output is copied to the run's log once it ended, not streamed.
 */
final class ArgoRun implements EngineRun {
    private static final Logger LOG = LoggerFactory.getLogger(ArgoRun.class);

    /** The exit code of a Workflow this server stopped: as a process ended by SIGTERM. */
    static final int STOPPED = 143;

    /** Argo's label on the pods of a Workflow. */
    static final String WORKFLOW_LABEL = "workflows.argoproj.io/workflow";

    private final ArgoBackend backend;
    private final String name;
    private final Path logFile;
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile String failure;

    ArgoRun(ArgoBackend backend, String name, Path logFile) {
        this.backend = backend;
        this.name = name;
        this.logFile = logFile;
    }

    @Override
    public Long pid() {
        return null;
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            OptionalInt exit = exitCode();
            if (exit.isPresent()) {
                settle();
                return exit;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return OptionalInt.empty();
            }
            Thread.sleep(Math.max(1, Math.min(backend.poll().toMillis(), left / 1_000_000)));
        }
    }

    /** The exit code the Workflow's phase stands for, or empty while it runs (or while the API cannot be reached). */
    private OptionalInt exitCode() {
        GenericKubernetesResource workflow;
        try {
            workflow = backend.workflow(name).get();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot read the Argo Workflow {}: {}", name, ArgoBackend.reason(e));
            return OptionalInt.empty();
        }
        if (workflow == null) {
            if (killed.get()) {
                return OptionalInt.of(STOPPED);
            }
            failure = "the Argo Workflow " + name + " was deleted before it ended, not by this server";
            return OptionalInt.of(1);
        }
        String phase = text(workflow.get("status", "phase"));
        if (phase == null || phase.equals("Pending") || phase.equals("Running")) {
            return OptionalInt.empty();
        }
        if (killed.get()) {
            return OptionalInt.of(STOPPED);
        }
        if (phase.equals("Succeeded")) {
            return OptionalInt.of(0);
        }
        String message = text(workflow.get("status", "message"));
        failure = "the Argo Workflow " + name + " ended " + phase + (message == null ? "" : ": " + message)
                + "; see the run's logs";
        return OptionalInt.of(refusedInput(workflow) ? 2 : 1);
    }

    /** Whether a task's engine exited 2: it refused the pipeline or its options, which no retry changes. */
    private static boolean refusedInput(GenericKubernetesResource workflow) {
        Object nodes = workflow.get("status", "nodes");
        if (!(nodes instanceof Map<?, ?> byId)) {
            return false;
        }
        return byId.values().stream()
                .filter(node -> node instanceof Map<?, ?>)
                .map(node -> ((Map<?, ?>) node).get("outputs"))
                .filter(outputs -> outputs instanceof Map<?, ?>)
                .anyMatch(outputs -> "2".equals(String.valueOf(((Map<?, ?>) outputs).get("exitCode"))));
    }

    @Override
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Asks Argo to stop the Workflow ({@code spec.shutdown: Terminate}), gives it {@link #KILL_GRACE} to end, keeps its
     * pods' output, then deletes it.
     */
    @Override
    public void kill() {
        killed.set(true);
        try {
            backend.terminate(name);
            long deadline = System.nanoTime() + KILL_GRACE.toNanos();
            while (exitCode().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(backend.poll().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot stop the Argo Workflow {}: {}", name, ArgoBackend.reason(e));
        }
        settle();
        backend.deleteQuietly(name);
    }

    /** Once the Workflow ended: its pods' output to the run's log, and its Secret and ConfigMap deleted. */
    private void settle() {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        copyLogs();
        backend.deleteRunObjects(name);
    }

    private void copyLogs() {
        try (Writer out = Files.newBufferedWriter(
                logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            List<Pod> pods;
            try {
                pods = backend.client()
                        .pods()
                        .inNamespace(backend.namespace())
                        .withLabel(WORKFLOW_LABEL, name)
                        .list()
                        .getItems();
            } catch (KubernetesClientException e) {
                out.write("[strata] cannot list the pods of the Argo Workflow " + name + ": " + ArgoBackend.reason(e)
                        + "\n");
                return;
            }
            if (pods.isEmpty()) {
                out.write("[strata] the Argo Workflow " + name + " left no pods to read the output of\n");
            }
            for (Pod pod : pods.stream()
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                    .toList()) {
                String podName = pod.getMetadata().getName();
                out.write("[strata] pod " + podName + ":\n");
                try {
                    String log = backend.client()
                            .pods()
                            .inNamespace(backend.namespace())
                            .withName(podName)
                            .inContainer("main")
                            .getLog();
                    out.write(log == null ? "" : log);
                    if (log != null && !log.endsWith("\n")) {
                        out.write("\n");
                    }
                } catch (KubernetesClientException e) {
                    out.write("[strata] cannot read its output: " + ArgoBackend.reason(e) + "\n");
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot write the output of the Argo Workflow {} to {}: {}", name, logFile, e.getMessage());
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
