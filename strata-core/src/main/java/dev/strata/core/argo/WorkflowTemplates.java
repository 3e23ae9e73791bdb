package dev.strata.core.argo;

import static dev.strata.core.argo.Manifests.map;

import dev.strata.core.secret.EnvironmentSecretSource;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.PipelineSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The WorkflowTemplate of a pipeline: a DAG of {@code strata run --only} tasks sharing one run id, each retried by
 * Argo when its pod crashes, the run's deadline from {@code timeout:}, the pipeline file mounted from its ConfigMap,
 * secrets as {@code secretKeyRef} environment variables, and an exit handler that reports how the run ended.
 */
final class WorkflowTemplates {
    /** Where the pipeline file's ConfigMap is mounted in every task. */
    static final String MOUNT = "/etc/strata";

    static final String PIPELINE_FILE = MOUNT + "/pipeline.yaml";

    /** {@code STRATA_RUN_TIMEOUT}'s default: a run's deadline when the pipeline names no {@code timeout:}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);

    /** {@code STRATA_RUN_RETRY_BACKOFF}'s default: the wait before a crashed task's first retry, doubled after. */
    static final String TASK_BACKOFF = "10s";

    /** Every wait is at most this, as a dataset's own retries ({@code RetryPolicy.MAX_WAIT}). */
    static final String TASK_BACKOFF_CAP = "1h";

    /**
     * Retry a task whose pod was killed (OOM 137, SIGTERM 143, …) or lost, not one that exited 1 (a dataset failed
     * after its own {@code retries:}) or 2 (invalid input): those would fail the same way again.
     */
    static final String RETRY_WHEN = "asInt(lastRetry.exitCode) > 2 || lastRetry.status == 'Error'";

    /**
     * The run id every task passes: the {@code run-id} parameter when given, else the workflow's name, unique per
     * submission (a CronWorkflow's or Sensor's workflows are named by Argo).
     */
    static final String RUN_ID =
            "{{=sprig.empty(workflow.parameters['run-id']) ? workflow.name" + " : workflow.parameters['run-id']}}";

    /**
     * The logical time every task passes: the workflow's creation, so {@code ${run.logical_time}} is the same in every
     * task (a CronWorkflow creates its workflow at the fire time).
     */
    static final String LOGICAL_TIME = "{{workflow.creationTimestamp.RFC3339}}";

    private WorkflowTemplates() {}

    static Map<String, Object> of(
            PipelineSpec spec,
            List<TaskGraph.Task> tasks,
            FileReferences references,
            ArgoOptions options,
            String name) {
        Map<String, Object> template =
                Manifests.resource(Manifests.ARGO_API, "WorkflowTemplate", name, options.namespace(), spec.name());
        template.put(
                "spec",
                map(
                        "entrypoint", "pipeline",
                        "onExit", "exit-handler",
                        "serviceAccountName", options.serviceAccount(),
                        "activeDeadlineSeconds", deadline(spec).toSeconds(),
                        "synchronization", map("mutexes", List.of(map("name", name))),
                        "arguments", map("parameters", parameters(spec, options)),
                        "volumes", List.of(map("name", "pipeline", "configMap", map("name", name + "-pipeline"))),
                        "templates", templates(spec, tasks, references, options, name)));
        return template;
    }

    /** The pipeline's {@code timeout:}, else the server's default. */
    static Duration deadline(PipelineSpec spec) {
        return spec.timeout() == null ? DEFAULT_TIMEOUT : Durations.parse(spec.timeout());
    }

    private static List<Object> parameters(PipelineSpec spec, ArgoOptions options) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(map(
                "name", "run-id",
                "value", "",
                "description",
                        "The run id every task shares (re-using one changes no table); empty: the workflow's"
                                + " name."));
        parameters.add(map(
                "name",
                "events-url",
                "value",
                options.eventsUrl() == null ? "" : options.eventsUrl(),
                "description",
                "Where the exit handler posts the run's final lifecycle event as a CloudEvent;" + " empty: none."));
        spec.parameters()
                .forEach((parameter, declared) -> parameters.add(map(
                        "name",
                        parameter,
                        "value",
                        declared.defaultValue(),
                        "enum",
                        declared.allowed().isEmpty() ? null : declared.allowed(),
                        "description",
                        description(declared))));
        return parameters;
    }

    private static String description(ParameterSpec declared) {
        String type = declared.type().id() + (declared.required() ? ", required" : "");
        return declared.description() == null ? type : declared.description() + " (" + type + ")";
    }

    private static List<Object> templates(
            PipelineSpec spec,
            List<TaskGraph.Task> tasks,
            FileReferences references,
            ArgoOptions options,
            String name) {
        List<Object> dag = dagTasks(tasks);
        List<Object> templates = new ArrayList<>();
        templates.add(map("name", "pipeline", "dag", map("tasks", dag)));
        templates.add(run(spec, references, options, name));
        templates.addAll(ExitHandler.templates(spec.name()));
        return templates;
    }

    /** The DAG's tasks: each runs the {@code strata-run} template with its selector, after its dependencies. */
    static List<Object> dagTasks(List<TaskGraph.Task> tasks) {
        List<Object> dag = new ArrayList<>();
        for (TaskGraph.Task task : tasks) {
            dag.add(map(
                    "name",
                    task.name(),
                    "template",
                    "strata-run",
                    "dependencies",
                    task.dependencies().isEmpty() ? null : task.dependencies(),
                    "arguments",
                    map("parameters", List.of(map("name", "only", "value", task.selector())))));
        }
        return dag;
    }

    private static Map<String, Object> run(
            PipelineSpec spec, FileReferences references, ArgoOptions options, String name) {
        List<Object> args = new ArrayList<>(List.of(
                "run",
                PIPELINE_FILE,
                "--only",
                "{{inputs.parameters.only}}",
                "--run-id",
                RUN_ID,
                "--logical-time",
                LOGICAL_TIME,
                "--no-progress"));
        for (String parameter : spec.parameters().keySet()) {
            args.add("--param");
            args.add(parameter + "={{workflow.parameters." + parameter + "}}");
        }
        return map(
                "name", "strata-run",
                "inputs", map("parameters", List.of(map("name", "only"))),
                "retryStrategy", retryStrategy(options),
                "container",
                        map(
                                "image", options.image(),
                                "command", List.of("strata"),
                                "args", args,
                                "env", env(spec, references, options.secretFor(name)),
                                "resources",
                                        map(
                                                "requests", map("cpu", options.cpu(), "memory", options.memory()),
                                                "limits", map("memory", options.memory())),
                                "volumeMounts",
                                        List.of(map("name", "pipeline", "mountPath", MOUNT, "readOnly", true))));
    }

    /** A task's retries: {@code taskRetries} times when its pod crashed or was lost ({@link #RETRY_WHEN}), backing off. */
    static Map<String, Object> retryStrategy(ArgoOptions options) {
        return map(
                "limit",
                String.valueOf(options.taskRetries()), // IntOrString: the schema types it as a string
                "retryPolicy",
                "Always",
                "expression",
                RETRY_WHEN,
                "backoff",
                map("duration", TASK_BACKOFF, "factor", "2", "cap", TASK_BACKOFF_CAP));
    }

    /**
     * Every secret and environment variable the file reads, from keys of one Secret: {@code ${secret:NAME}} as
     * {@code STRATA_SECRET_<NAME>} from key NAME (the {@code env} secret source reads it there), {@code ${VAR}} as VAR
     * from key VAR, optional when the file gives a default. Values never appear in a manifest.
     */
    static List<Object> env(PipelineSpec spec, FileReferences references, String secret) {
        List<Object> env = new ArrayList<>();
        for (String name : references.secrets()) {
            env.add(map(
                    "name", EnvironmentSecretSource.variable(name),
                    "valueFrom", map("secretKeyRef", map("name", secret, "key", name))));
        }
        references
                .environment(spec.parameters().keySet())
                .forEach((variable, defaulted) -> env.add(map(
                        "name",
                        variable,
                        "valueFrom",
                        map(
                                "secretKeyRef",
                                map("name", secret, "key", variable, "optional", defaulted ? Boolean.TRUE : null)))));
        return env.isEmpty() ? null : env;
    }
}
