package dev.strata.server.backends;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an installation of Strata offers spark-submit when no Spark is installed: its own {@code spark-submit}, which is
 * what Spark's script runs (a JVM with Spark's jars on its class path, running {@code SparkSubmit}), and the engine's
 * application jar.
 */
final class SparkSubmitInstallation {
    /** The folder of the Spark jars a stock Spark 3.5 distribution holds in its {@code jars/} (the spark-dist module). */
    static final String SPARK_JARS = "spark-dist/target/jars";

    private SparkSubmitInstallation() {}

    /** {@code java … -cp <Spark's jars> org.apache.spark.deploy.SparkSubmit}, no shell. */
    static List<String> command(Path install, Map<String, String> env) {
        Config config = Config.of(env);
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(config.get(LauncherConfig.JAVA_HOME)
                        .resolve("bin")
                        .resolve("java")
                        .toString());
        return List.of(
                java,
                "@" + install.resolve("bin").resolve("spark-jvm.args"),
                "-Xmx" + config.get(ServerConfig.DRIVER_MEMORY),
                "-cp",
                install.resolve(SPARK_JARS).resolve("*").toString(),
                "org.apache.spark.deploy.SparkSubmit");
    }

    /** The installation's {@code strata-engine-<version>-all.jar}, or where it would be. */
    static Path engineJar(Path install) {
        Path target = install.resolve("strata-cli").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("strata-engine-.*-all\\.jar"))
                    .findFirst()
                    .orElse(target.resolve("strata-engine-all.jar"));
        } catch (java.io.IOException e) {
            return target.resolve("strata-engine-all.jar");
        }
    }
}
