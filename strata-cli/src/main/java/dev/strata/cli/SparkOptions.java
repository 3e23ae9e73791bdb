package dev.strata.cli;

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
        String env = System.getenv("SPARK_MASTER_URL");
        return env == null || env.isBlank() ? "local[*]" : env;
    }

    SparkSession start(String appName) {
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "strata-spark-" + System.getProperty("user.name"));
        return SparkSessions.create(
                new SparkSessions.Settings(master(), appName, scratch, uiSettings(System.getenv())));
    }

    /**
     * {@code STRATA_SPARK_UI_PORT} turns Spark's UI on at that port (the next free one if taken), with the driver's
     * Prometheus metrics at {@code /metrics/prometheus}; off by default.
     */
    static Map<String, String> uiSettings(Map<String, String> env) {
        String port = env.get("STRATA_SPARK_UI_PORT");
        if (port == null || port.isBlank()) {
            return Map.of();
        }
        return Map.of("spark.ui.enabled", "true", "spark.ui.port", port.trim(), "spark.driver.bindAddress", "0.0.0.0");
    }
}
