package dev.strata.cli;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.config.RunConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SparkSpec;
import dev.strata.engine.session.SparkSessions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * Where Spark runs: {@code --master}, else the master this JVM was started for ({@code spark-submit --master}, or
 * {@code -Dspark.master}), else the chosen target's {@code spark.master}, else {@code $SPARK_MASTER_URL}, else
 * {@code local[*]}. A {@code --master} that contradicts the JVM's is refused rather than half-applied: spark-submit has
 * already prepared its master's jars and resources.
 */
final class SparkOptions {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master: local[*] (default), spark://host:7077, k8s://…; or set SPARK_MASTER_URL."
                    + " Under spark-submit, its --master.")
    String master;

    /** The master for a run of a pipeline loaded for a target whose Spark settings are {@code target}. */
    String master(SparkSpec target) {
        Optional<String> started = SparkSessions.startedWith("spark.master");
        if (master != null) {
            if (started.isPresent() && !started.get().equals(master)) {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC,
                        "Cannot run on --master " + master + ": this JVM was started for " + started.get()
                                + " (by spark-submit --master or -Dspark.master; drop strata's --master, or give"
                                + " both the same URL)");
            }
            return master;
        }
        return started.or(() -> Optional.ofNullable(target.master())).orElseGet(SparkOptions::defaultMaster);
    }

    /** The master when neither {@code --master}, the JVM nor a target names one: {@code $SPARK_MASTER_URL}, else local[*]. */
    static String defaultMaster() {
        return Config.read(RunConfig.SPARK_MASTER_URL, System.getenv());
    }

    /**
     * The run's session. Under spark-submit, what the submit command set wins (resources, {@code --conf}, the
     * application jar as the executors' jars) and the application keeps the name {@code appName} unless {@code
     * --name} gave one: spark-submit names it after the main class otherwise. The pipeline's target adds its Spark
     * conf. In the warm engine, a new session over its running Spark ({@link WarmEngine#session}).
     */
    SparkSession start(String appName, Pipeline pipeline) {
        Path scratch = LauncherConfig.sparkScratch(Config.of(System.getenv()));
        SparkSpec target = pipeline.spark();
        Map<String, String> extra = new LinkedHashMap<>(target.conf());
        extra.putAll(uiSettings(System.getenv()));
        if (WarmEngine.serving()) {
            return WarmEngine.session(new SparkSessions.Settings(master(target), appName, scratch, extra));
        }
        if (SparkSessions.underSparkSubmit()) {
            String name = SparkSessions.startedWith("spark.app.name")
                    .filter(submitted -> !submitted.equals(StrataCommand.class.getName()))
                    .orElse(appName);
            return SparkSessions.createForSubmit(new SparkSessions.Settings(master(target), name, scratch, extra));
        }
        return SparkSessions.create(new SparkSessions.Settings(master(target), appName, scratch, extra));
    }

    /** Ends the command's use of {@code session} ({@link WarmEngine#release}). */
    void release(SparkSession session) {
        WarmEngine.release(session);
    }

    /** The settings of a session on {@code master} with no target: the scratch folder and UI this environment asks for. */
    static SparkSessions.Settings settings(String master, String appName) {
        return new SparkSessions.Settings(
                master, appName, LauncherConfig.sparkScratch(Config.of(System.getenv())), uiSettings(System.getenv()));
    }

    /**
     * {@code STRATA_SPARK_UI_PORT} turns Spark's UI on at that port (the next free one if taken), with the driver's
     * Prometheus metrics at {@code /metrics/prometheus}; off by default.
     */
    static Map<String, String> uiSettings(Map<String, String> env) {
        String port = Config.read(RunConfig.SPARK_UI_PORT, env);
        if (port == null) {
            return Map.of();
        }
        return Map.of("spark.ui.enabled", "true", "spark.ui.port", port, "spark.driver.bindAddress", "0.0.0.0");
    }
}
