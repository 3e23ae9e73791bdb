package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retail example built one dataset at a time and with independent datasets at once: the same tables, row for row,
 * and the same counts; and the Spark jobs each dataset costs, which bench/results/retail-jobs-per-dataset.md reports.
 */
class RetailParallelIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");
    private static final List<String> TABLES = List.of(
            "bronze/orders",
            "bronze/orders__quarantine",
            "bronze/customers",
            "bronze/customers__quarantine",
            "silver/orders",
            "silver/orders__quarantine",
            "silver/customers",
            "silver/customers__quarantine",
            "gold/daily_revenue",
            "gold/revenue_by_tier");
    /** Columns that differ between any two runs: the run's id and its times. */
    private static final List<String> PER_RUN = List.of("_run_id", "_ingested_at", "_quarantined_at");

    /**
     * The most Spark jobs an append dataset of the example starts, as measured (bench/results/
     * retail-jobs-per-dataset.md traces them): the pass that reads, checks, measures and writes the batch, Delta's work
     * after the commit, and the quarantine's append.
     */
    private static final long APPEND_JOBS = 5;

    @TempDir
    Path work;

    private final SparkSession spark = SharedSpark.session();

    private PipelineRunner runner(String folder, int maxParallel) throws IOException {
        Path root = work.resolve(folder);
        copyTree(EXAMPLE.resolve("data"), root.resolve("data"));
        Files.copy(EXAMPLE.resolve("pipeline.yaml"), root.resolve("pipeline.yaml"));
        Pipeline pipeline = PipelineLoader.load(root.resolve("pipeline.yaml"));
        return new PipelineRunner(spark, pipeline, RunListener.NONE).withMaxParallel(maxParallel);
    }

    @Test
    void oneAtATimeAndAtOnceBuildTheSameTables() throws IOException {
        PipelineRunner serial = runner("serial", 1);
        RunResult one = serial.run("retail-serial", null, 0);
        Map<String, Long> serialJobs = serial.sparkJobs();
        PipelineRunner parallel = runner("parallel", 3);
        RunResult many = parallel.run("retail-parallel", null, 0);
        Map<String, Long> parallelJobs = parallel.sparkJobs();
        System.out.println("spark jobs per dataset, one at a time: " + serialJobs);
        System.out.println("spark jobs per dataset, at once:       " + parallelJobs);

        assertThat(one.status()).as(one.datasets().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(many.status()).as(many.datasets().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(many.datasets().stream().map(RetailParallelIT::outcome).toList())
                .as("the same datasets in plan order with the same counts")
                .isEqualTo(
                        one.datasets().stream().map(RetailParallelIT::outcome).toList());
        for (String table : TABLES) {
            List<String> serialRows = rows("serial", table);
            assertThat(serialRows).as(table).isNotEmpty();
            assertThat(rows("parallel", table)).as(table).isEqualTo(serialRows);
        }
        assertThat(total(parallelJobs))
                .as("at once, the run starts the jobs it starts one at a time (the first dataset to read a table in SQL"
                        + " registers it, so a job may move between the gold datasets)")
                .isEqualTo(total(serialJobs));
        for (String dataset : List.of("bronze.orders", "bronze.customers", "silver.orders", "silver.customers")) {
            assertThat(parallelJobs.get(dataset)).as(dataset).isEqualTo(serialJobs.get(dataset));
        }
        assertThat(serialJobs.get("bronze.orders")).isLessThanOrEqualTo(APPEND_JOBS);
        assertThat(serialJobs.get("bronze.customers")).isLessThanOrEqualTo(APPEND_JOBS);
    }

    private static long total(Map<String, Long> jobs) {
        return jobs.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String outcome(DatasetResult d) {
        return d.dataset() + " " + d.status() + " in " + d.rowsIn() + " written " + d.rowsWritten() + " quarantined "
                + d.rowsQuarantined() + " dropped " + d.rowsDropped();
    }

    /** A table's rows without the per-run columns, as sorted strings, with the run's folder as {@code <root>}. */
    private List<String> rows(String folder, String table) {
        String root = work.resolve(folder).toString();
        Dataset<Row> rows = spark.read()
                .format("delta")
                .load(work.resolve(folder).resolve("lakehouse").resolve(table).toString());
        String[] kept =
                Arrays.stream(rows.columns()).filter(c -> !PER_RUN.contains(c)).toArray(String[]::new);
        return rows
                .selectExpr(Arrays.stream(kept).map(c -> "`" + c + "`").toArray(String[]::new))
                .collectAsList()
                .stream()
                .map(row -> row.toString().replace(root, "<root>"))
                .sorted()
                .toList();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
