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
        return SparkSessions.create(new SparkSessions.Settings(master(), appName, scratch, Map.of()));
    }
}
