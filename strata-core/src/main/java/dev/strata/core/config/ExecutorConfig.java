package dev.strata.core.config;

import static dev.strata.core.config.Part.SERVER;

import java.util.List;

/** Where the server's runs run: its executor back-ends (docs/deploy.md, "Where server runs run"). */
public final class ExecutorConfig {
    public static final Setting<String> EXECUTOR = Setting.env(
                    "STRATA_EXECUTOR", SettingType.oneOf("local", "spark-submit", "argo"), SERVER)
            .defaultValue("local")
            .doc("Where runs run unless `STRATA_PIPELINE_EXECUTORS` says otherwise: `local` (a child JVM on the"
                    + " server's host), `spark-submit` (a driver started by spark-submit in client mode, against"
                    + " `STRATA_SPARK_MASTER`) or `argo` (a Workflow on Kubernetes).");
    public static final Setting<List<String>> PIPELINE_EXECUTORS = Setting.env(
                    "STRATA_PIPELINE_EXECUTORS", SettingType.LIST, SERVER)
            .computedDefault("none")
            .doc("Per-pipeline executors, comma-separated `pipeline=executor` pairs, e.g."
                    + " `nightly=argo,orders=spark-submit`.");
    public static final Setting<String> SPARK_MASTER = Setting.env("STRATA_SPARK_MASTER", SettingType.TEXT, SERVER)
            .check(
                    master -> master.matches("(spark|k8s|mesos)://\\S+|yarn|local(\\[[0-9*]+])?"),
                    "a Spark master URL: spark://host:7077, yarn, k8s://https://host:443 or local[N]")
            .doc("The master the `spark-submit` executor submits to; needed when a pipeline runs there.");
    public static final Setting<String> SPARK_SUBMIT = Setting.env("STRATA_SPARK_SUBMIT", SettingType.TEXT, SERVER)
            .computedDefault("this installation's own spark-submit: its JVM running Spark's SparkSubmit")
            .doc("The `spark-submit` command, e.g. `/opt/spark/bin/spark-submit`; split on white space, never given"
                    + " to a shell.");
    public static final Setting<String> SPARK_SUBMIT_OPTIONS = Setting.env(
                    "STRATA_SPARK_SUBMIT_OPTIONS", SettingType.TEXT, SERVER)
            .doc("More spark-submit options for every run, split on white space, e.g. `--executor-memory 8g"
                    + " --total-executor-cores 16 --conf spark.sql.shuffle.partitions=64`.");
    public static final Setting<java.nio.file.Path> ENGINE_JAR = Setting.env(
                    "STRATA_ENGINE_JAR", SettingType.PATH, SERVER)
            .computedDefault("this installation's `strata-engine-<version>-all.jar`")
            .doc("The application jar spark-submit runs: the engine with its formats, without Spark.");

    public static final Setting<String> ARGO_IMAGE = Setting.env("STRATA_ARGO_IMAGE", SettingType.TEXT, SERVER)
            .check(image -> !image.isEmpty() && !image.matches(".*\\s.*"), "an image reference without spaces")
            .doc("The engine image the `argo` executor's task pods run, whose entrypoint is `strata`, e.g."
                    + " `ghcr.io/strata-dev/strata:0.1.0`; needed when a pipeline runs there.");
    public static final Setting<String> ARGO_NAMESPACE = Setting.env("STRATA_ARGO_NAMESPACE", SettingType.TEXT, SERVER)
            .computedDefault("the Kubernetes configuration's namespace (in a pod: its own)")
            .check(ExecutorConfig::isDnsLabel, "a Kubernetes namespace name, e.g. data-pipelines")
            .doc("Where the `argo` executor creates each run's Workflow, ConfigMap and Secret. The server finds the"
                    + " Kubernetes API as kubectl does: `KUBECONFIG`, `~/.kube/config`, or its pod's service account.");
    public static final Setting<String> ARGO_SERVICE_ACCOUNT = Setting.env(
                    "STRATA_ARGO_SERVICE_ACCOUNT", SettingType.TEXT, SERVER)
            .defaultValue("strata-runner")
            .check(ExecutorConfig::isDnsSubdomain, "a Kubernetes service account name, e.g. strata-runner")
            .doc("The service account of the `argo` executor's task pods (the Helm chart's `argo.runner`).");
    public static final Setting<String> ARGO_DB_URL = Setting.env("STRATA_ARGO_DB_URL", SettingType.TEXT, SERVER)
            .computedDefault("`STRATA_DB_URL`")
            .doc("The metadata store as the `argo` executor's pods reach it, e.g."
                    + " `postgresql://strata-postgresql.data:5432/strata` when the server reaches it at 127.0.0.1;"
                    + " the run role's credentials are added, through a Secret.");
    public static final Setting<String> ARGO_GRANULARITY = Setting.env(
                    "STRATA_ARGO_GRANULARITY", SettingType.oneOf("pipeline", "layer", "dataset"), SERVER)
            .defaultValue("pipeline")
            .doc("How the `argo` executor splits a run into tasks, as `strata argo export --granularity`; a run"
                    + " with `only` is always one task.");
    public static final Setting<String> ARGO_CPU = Setting.env("STRATA_ARGO_CPU", SettingType.TEXT, SERVER)
            .defaultValue("2")
            .doc("The CPU each task pod of the `argo` executor requests.");
    public static final Setting<String> ARGO_MEMORY = Setting.env("STRATA_ARGO_MEMORY", SettingType.TEXT, SERVER)
            .defaultValue("4Gi")
            .doc("The memory each task pod of the `argo` executor requests and is limited to.");

    static final List<Setting<?>> ALL = List.of(
            EXECUTOR,
            PIPELINE_EXECUTORS,
            SPARK_MASTER,
            SPARK_SUBMIT,
            SPARK_SUBMIT_OPTIONS,
            ENGINE_JAR,
            ARGO_IMAGE,
            ARGO_NAMESPACE,
            ARGO_SERVICE_ACCOUNT,
            ARGO_DB_URL,
            ARGO_GRANULARITY,
            ARGO_CPU,
            ARGO_MEMORY);

    private static boolean isDnsLabel(String name) {
        return name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    }

    private static boolean isDnsSubdomain(String name) {
        return name.length() <= 253 && name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    }

    private ExecutorConfig() {}
}
