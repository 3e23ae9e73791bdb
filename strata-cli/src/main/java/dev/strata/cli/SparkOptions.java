package dev.strata.cli;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.config.RunConfig;
import dev.strata.engine.session.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where Spark runs: {@code --master}, else {@code $SPARK_MASTER_URL}, else {@code local[*]}. */
final class SparkOptions {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master: local[*] (default), spark://host:7077, k8s://…; or set SPARK_MASTER_URL.")
    String master;

    String master() {
        if (master != null) {
            return master;
        }
        return Config.read(RunConfig.SPARK_MASTER_URL, System.getenv());
    }

    SparkSession start(String appName) {
        Path scratch = LauncherConfig.sparkScratch(Config.of(System.getenv()));
        return SparkSessions.create(
                new SparkSessions.Settings(master(), appName, scratch, uiSettings(System.getenv())));
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
