package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archives {@code mvn package} trains (strata-cli/pom.xml), as {@code bin/strata} uses them: a
 * Spark-free command loads the CLI from {@code strata-cli.jsa}, a command that starts Spark loads Spark from {@code
 * strata-engine.jsa}. The JVM's class-load log names where each class came from.
 */
class ClassDataArchiveIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aSparkFreeCommandLoadsTheCliFromItsArchive() throws Exception {
        assertThat(TARGET.resolve("strata-cli.jsa")).isNotEmptyFile();
        Path classes = dir.resolve("classes.log");

        StrataProcess.Outcome validate = StrataProcess.start(
                        loggingClassLoadsTo(classes), "validate", pipeline().toString())
                .await();

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(Files.readString(classes, StandardCharsets.UTF_8))
                .contains("dev.strata.cli.StrataCommand source: shared objects file (top)");
    }

    @Test
    void aCommandThatStartsSparkLoadsSparkFromTheEngineArchive() throws Exception {
        assertThat(TARGET.resolve("strata-engine.jsa")).isNotEmptyFile();
        Path classes = dir.resolve("classes.log");

        StrataProcess sql = StrataProcess.start(
                loggingClassLoadsTo(classes),
                "sql",
                pipeline().toString(),
                "SELECT 40 + 2 AS answer",
                "--format=csv",
                "--master=local[1]");
        sql.awaitOutput("answer", Duration.ofMinutes(3));
        StrataProcess.Outcome outcome = sql.await();

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).isEqualTo("answer\n42\n");
        assertThat(Files.readString(classes, StandardCharsets.UTF_8))
                .contains("org.apache.spark.sql.SparkSession source: shared objects file (top)")
                .contains("io.delta.sql.DeltaSparkSessionExtension source: shared objects file (top)");
    }

    private Map<String, String> loggingClassLoadsTo(Path file) {
        return Map.of(
                "STRATA_HOME",
                dir.resolve("home").toString(),
                "STRATA_JAVA_OPTS",
                ChildJvms.ENGINE_OPTIONS + " -Xlog:class+load=info:file=" + file);
    }

    private Path pipeline() throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: archive
                sources:
                  orders_raw: {format: csv, path: orders/, schema: "order_id STRING"}
                datasets:
                  bronze.orders: {from: orders_raw}
                """, StandardCharsets.UTF_8);
        return file;
    }
}
