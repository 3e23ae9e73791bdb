package dev.strata.core.argo;

import static dev.strata.core.argo.Manifests.map;
import static java.util.Objects.requireNonNull;

import dev.strata.core.config.ServerConfig;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Argo Workflow of one run of {@code strata serve}'s {@code argo} executor: the tasks of {@code strata argo export}
 * (one, or one per layer or dataset), every task passing the run's own id, logical time, selection and parameters. The
 * run's values reach the pods only through its own ConfigMap, as environment variables that Kubernetes puts into single
 * arguments ({@code $(STRATA_PARAM_0)}): no value is read by Argo's templating, nor by a shell. The store's connection
 * reaches them only through the run's own Secret ({@code secretKeyRef}).
 */
public final class RunWorkflows {
    /** The pod's writable folder (an emptyDir): the run's base directory, its summary and its engine.log. */
    static final String WORK = "/tmp/strata";

    /** The ConfigMap key of the pipeline file. */
    public static final String PIPELINE_KEY = "pipeline.yaml";

    /** How long Argo keeps a finished Workflow (and its pods) for inspection before deleting it. */
    static final int KEEP_SECONDS = 24 * 3600;

    private static final int MAX_NAME = 63;

    /**
     * One run as its Workflow gets it.
     *
     * @param runId the server's run id, passed as {@code --run-id} by every task
     * @param attempt the run's attempt, part of the Workflow's name (a queued-again run gets a new Workflow)
     * @param only the run's selection, or null for all
     * @param parameters the run's parameters
     * @param logicalTime the run's logical time, or null: the Workflow's creation
     * @param allowedRoots where the run may read and write ({@code --allowed-root}), as the server allows it
     * @param runEnvironment the variables the run may resolve ({@code STRATA_RUN_ENV})
     * @param storeKeys the keys of the run's Secret, each an environment variable of the store's connection
     */
    public record Submission(
            String runId,
            int attempt,
            String only,
            Map<String, String> parameters,
            Instant logicalTime,
            List<String> allowedRoots,
            List<String> runEnvironment,
            List<String> storeKeys) {
        public Submission {
            requireNonNull(runId, "runId is null");
            parameters = new TreeMap<>(parameters); // one order for the ConfigMap's keys and the arguments
            allowedRoots = List.copyOf(allowedRoots);
            runEnvironment = List.copyOf(runEnvironment);
            storeKeys = List.copyOf(storeKeys);
        }
    }

    private RunWorkflows() {}

    /**
     * The name of a run's Workflow, and of its ConfigMap and Secret: {@code strata-<run id>-<attempt>} as a DNS label,
     * shortened with a hash of the id when too long.
     */
    public static String name(String runId, int attempt) {
        String suffix = "-" + attempt;
        String base = "strata-" + runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (base.length() + suffix.length() > MAX_NAME) {
            String hash = sha256(runId).substring(0, 10);
            base = base.substring(0, MAX_NAME - suffix.length() - hash.length() - 1) + "-" + hash;
        }
        return base.replaceAll("-+$", "") + suffix;
    }

    /** What the run's ConfigMap holds: the pipeline file, the selection and each parameter's value. */
    public static Map<String, String> configMapData(String fileText, Submission run) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(PIPELINE_KEY, fileText);
        if (run.only() != null) {
            data.put("only", run.only());
        }
        int i = 0;
        for (String value : run.parameters().values()) {
            data.put("param-" + i++, value);
        }
        return data;
    }

    /**
     * The run's Workflow, created suspended: its owner resumes it once its ConfigMap and Secret (of the same name)
     * exist.
     *
     * @param spec the pipeline, loaded with references left as written
     * @param fileText the pipeline file
     */
    public static Map<String, Object> workflow(
            PipelineSpec spec, String fileText, ArgoOptions options, Submission run) {
        String name = name(run.runId(), run.attempt());
        Map<String, Object> workflow =
                Manifests.resource(Manifests.ARGO_API, "Workflow", name, options.namespace(), spec.name());
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) workflow.get("metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");
        if (run.runId().length() <= MAX_NAME) { // a label value's limit; the annotation always holds it
            labels.put("strata.dev/run-id", run.runId());
        }
        metadata.put("annotations", map("strata.dev/run-id", run.runId(), "strata.dev/attempt", "" + run.attempt()));
        List<TaskGraph.Task> tasks = run.only() == null
                ? TaskGraph.of(Planner.plan(spec), options.granularity())
                : List.of(new TaskGraph.Task("run", "$(STRATA_ONLY)", List.of(), List.of()));
        List<Object> dag = WorkflowTemplates.dagTasks(tasks);
        workflow.put(
                "spec",
                map(
                        "entrypoint", "pipeline",
                        "suspend", true,
                        "serviceAccountName", options.serviceAccount(),
                        "ttlStrategy", map("secondsAfterCompletion", KEEP_SECONDS),
                        "volumes",
                                List.of(
                                        map("name", "pipeline", "configMap", map("name", name)),
                                        map("name", "work", "emptyDir", map())),
                        "templates",
                                List.of(
                                        map("name", "pipeline", "dag", map("tasks", dag)),
                                        task(spec, fileText, options, run, name))));
        return workflow;
    }

    private static Map<String, Object> task(
            PipelineSpec spec, String fileText, ArgoOptions options, Submission run, String name) {
        List<Object> args = new ArrayList<>(List.of(
                "run",
                WorkflowTemplates.PIPELINE_FILE,
                "--only={{inputs.parameters.only}}",
                "--run-id=" + escaped(run.runId()),
                "--logical-time=" + (run.logicalTime() == null ? WorkflowTemplates.LOGICAL_TIME : run.logicalTime()),
                "--base-dir=" + WORK + "/work",
                "--summary-json=" + WORK + "/summary.json",
                "--no-progress",
                "--restricted"));
        for (String root : run.allowedRoots()) {
            args.add("--allowed-root=" + escaped(root));
        }
        List<Object> env = new ArrayList<>();
        for (String key : run.storeKeys()) {
            env.add(map("name", key, "valueFrom", map("secretKeyRef", map("name", name, "key", key))));
        }
        if (run.only() != null) {
            env.add(fromConfigMap("STRATA_ONLY", name, "only"));
        }
        int i = 0;
        for (String parameter : run.parameters().keySet()) {
            args.add("--param=" + parameter + "=$(STRATA_PARAM_" + i + ")");
            env.add(fromConfigMap("STRATA_PARAM_" + i, name, "param-" + i++));
        }
        if (!run.runEnvironment().isEmpty()) {
            env.add(map("name", ServerConfig.RUN_ENV.name(), "value", String.join(",", run.runEnvironment())));
        }
        List<Object> pipelineSecrets = WorkflowTemplates.env(
                spec, FileReferences.of(fileText), options.secretFor(Manifests.resourceName(spec.name())));
        if (pipelineSecrets != null) {
            env.addAll(pipelineSecrets);
        }
        return map(
                "name", "strata-run",
                "inputs", map("parameters", List.of(map("name", "only"))),
                "retryStrategy", WorkflowTemplates.retryStrategy(options),
                "container",
                        map(
                                "image", options.image(),
                                "command", List.of("strata"),
                                "args", args,
                                "env", env,
                                "resources",
                                        map(
                                                "requests", map("cpu", options.cpu(), "memory", options.memory()),
                                                "limits", map("memory", options.memory())),
                                "volumeMounts",
                                        List.of(
                                                map(
                                                        "name",
                                                        "pipeline",
                                                        "mountPath",
                                                        WorkflowTemplates.MOUNT,
                                                        "readOnly",
                                                        true),
                                                map("name", "work", "mountPath", WORK))));
    }

    private static Map<String, Object> fromConfigMap(String variable, String configMap, String key) {
        return map("name", variable, "valueFrom", map("configMapKeyRef", map("name", configMap, "key", key)));
    }

    /** A literal argument as Kubernetes reads it: {@code $$} for each {@code $}, so no {@code $(VAR)} is expanded. */
    private static String escaped(String literal) {
        return literal.replace("$", "$$");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
