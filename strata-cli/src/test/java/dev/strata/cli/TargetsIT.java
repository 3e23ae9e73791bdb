package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets and {@code strata init} end to end, in this JVM's one Spark session: the scaffold runs at once with exact
 * counts, and one pipeline run with {@code --target dev} and {@code --target prod} lands in each target's storage root.
 */
class TargetsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    record Outcome(int exitCode, String out, String err) {}

    static synchronized Outcome strata(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int code = StrataCommand.execute(args);
            return new Outcome(
                    code, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theInitScaffoldRunsAtOnceWithExactCounts() throws IOException {
        Path project = work.resolve("shop");
        assertThat(strata("init", project.toString()).exitCode()).isZero();
        String pipeline = project.resolve("pipeline.yaml").toString();
        Path summary = work.resolve("summary.json");

        Outcome run = strata(
                "run",
                pipeline,
                "--target",
                "dev",
                "--master",
                "local[2]",
                "--no-progress",
                "--summary-json",
                summary.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Running shop (run ").contains(", target dev) on local[2]");
        JsonNode record = JSON.readTree(summary.toFile());
        assertThat(record.get("target").asText())
                .as("the run record names its target")
                .isEqualTo("dev");
        JsonNode datasets = record.get("datasets");
        assertThat(counts(datasets))
                .containsExactly(
                        "bronze.orders in=12 written=12 quarantined=0 dropped=0",
                        "silver.orders in=12 written=10 quarantined=1 dropped=1",
                        "gold.daily_revenue in=3 written=3 quarantined=0 dropped=0");
        assertThat(project.resolve("lakehouse-dev/gold/daily_revenue")).isDirectory();
        assertThat(project.resolve("lakehouse")).doesNotExist();
    }

    @Test
    void eachTargetWritesToItsOwnStorageRoot() throws IOException {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("orders.csv"), "id,amount\n1,10.5\n2,20.0\n3,7.25\n");
        Path pipeline = work.resolve("pipeline.yaml");
        Files.writeString(pipeline, """
                name: targets_it
                storage: {root: ./lakehouse}
                targets:
                  dev: {storage: {root: ./dev-lake}}
                  prod:
                    storage: {root: ./prod-lake}
                    spark: {conf: {spark.sql.shuffle.partitions: "3"}}
                sources:
                  orders: {format: csv, path: data/, options: {header: "true"}, schema: "id INT, amount DOUBLE"}
                datasets:
                  bronze.orders: {from: orders}
                """);

        for (String target : List.of("dev", "prod")) {
            Outcome run =
                    strata("run", pipeline.toString(), "--target", target, "--master", "local[2]", "--no-progress");
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        }

        // One query reads both roots' tables by path: one Spark start less than a query per target.
        Outcome rows = strata(
                "sql",
                pipeline.toString(),
                "--master",
                "local[2]",
                "--format",
                "csv",
                "SELECT 'dev' AS target, id, amount FROM delta.`" + work.resolve("dev-lake/bronze/orders") + "`"
                        + " UNION ALL SELECT 'prod', id, amount FROM delta.`" + work.resolve("prod-lake/bronze/orders")
                        + "` ORDER BY target, id");

        assertThat(rows.exitCode()).as(rows.err()).isZero();
        assertThat(rows.out())
                .isEqualTo("target,id,amount\n"
                        + "dev,1,10.5\ndev,2,20.0\ndev,3,7.25\n"
                        + "prod,1,10.5\nprod,2,20.0\nprod,3,7.25\n");
        assertThat(work.resolve("dev-lake/bronze/orders/_delta_log")).isDirectory();
        assertThat(work.resolve("prod-lake/bronze/orders/_delta_log")).isDirectory();
        assertThat(work.resolve("lakehouse"))
                .as("the pipeline's own root, used by no target")
                .doesNotExist();
    }

    private static List<String> counts(JsonNode datasets) {
        List<String> counts = new ArrayList<>();
        datasets.forEach(d ->
                counts.add(d.get("dataset").asText() + " in=" + d.get("rows_in").asLong()
                        + " written=" + d.get("rows_written").asLong() + " quarantined="
                        + d.get("rows_quarantined").asLong() + " dropped="
                        + d.get("rows_dropped").asLong()));
        return counts;
    }
}
