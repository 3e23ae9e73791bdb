package dev.strata.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorJarsTest {
    @Test
    void shipsTheEngineAndItsFormatsButNotSparkItself() {
        String classPath = String.join(
                ":",
                "/opt/strata/strata-cli.jar",
                "/opt/strata/lib/strata-core-0.1.0.jar",
                "/opt/strata/lib/strata-engine-0.1.0.jar",
                "/opt/strata/lib/strata-store-0.1.0.jar",
                "/opt/strata/lib/spark-core_2.12-3.5.7.jar",
                "/opt/strata/lib/spark-sql-kafka-0-10_2.12-3.5.7.jar",
                "/opt/strata/lib/delta-spark_2.12-3.3.2.jar",
                "/opt/strata/lib/iceberg-spark-runtime-3.5_2.12-1.10.0.jar",
                "/opt/strata/lib/hudi-spark3.5-bundle_2.12-1.2.0.jar",
                "/opt/strata/lib/scala-library-2.12.18.jar",
                "/opt/strata/lib/delta-spark_2.12-3.3.2.jar");

        assertThat(ExecutorJars.select(classPath))
                .containsExactly(
                        "/opt/strata/lib/strata-core-0.1.0.jar",
                        "/opt/strata/lib/strata-engine-0.1.0.jar",
                        "/opt/strata/lib/spark-sql-kafka-0-10_2.12-3.5.7.jar",
                        "/opt/strata/lib/delta-spark_2.12-3.3.2.jar",
                        "/opt/strata/lib/iceberg-spark-runtime-3.5_2.12-1.10.0.jar",
                        "/opt/strata/lib/hudi-spark3.5-bundle_2.12-1.2.0.jar");
    }

    @Test
    void onlyAClusterMasterShipsJars() {
        Path scratch = Path.of("/tmp/strata-scratch");
        String classPath = "/opt/strata/lib/spark-core_2.12-3.5.7.jar:/opt/strata/lib/strata-engine-0.1.0.jar";
        assertThat(SparkSessions.config(new SparkSessions.Settings("local[2]", "t", scratch, Map.of()), classPath))
                .doesNotContainKey("spark.jars");
        assertThat(SparkSessions.config(
                        new SparkSessions.Settings("spark://127.0.0.1:7077", "t", scratch, Map.of()), classPath))
                .containsEntry("spark.jars", "/opt/strata/lib/strata-engine-0.1.0.jar");
    }
}
