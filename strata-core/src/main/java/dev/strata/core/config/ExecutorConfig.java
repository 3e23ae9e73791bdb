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

    static final List<Setting<?>> ALL =
            List.of(EXECUTOR, PIPELINE_EXECUTORS, SPARK_MASTER, SPARK_SUBMIT, SPARK_SUBMIT_OPTIONS, ENGINE_JAR);

    private ExecutorConfig() {}
}
