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
     * The most Spark jobs each dataset of the example starts, one at a time, in its first run and in a second run with
     * the example's second batch, as measured; bench/results/retail-jobs-per-dataset.md traces each job to its call
     * site. A change that adds a job to a dataset fails here.
     */
    private static final Map<String, Long> FIRST_RUN_JOBS = Map.of(
            "bronze.orders", 2L,
            "bronze.customers", 2L,
            "silver.orders", 4L,
            "silver.customers", 4L,
            "gold.daily_revenue", 4L,
            "gold.revenue_by_tier", 6L);

    private static final Map<String, Long> SECOND_RUN_JOBS = Map.of(
            "bronze.orders", 2L,
            "bronze.customers", 2L,
            "silver.orders", 8L,
            "silver.customers", 8L,
            "gold.daily_revenue", 5L,
            "gold.revenue_by_tier", 7L);

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
        assertAtMost(serialJobs, FIRST_RUN_JOBS);

        // The second batch: new files for bronze, a merge into existing silver tables, gold rebuilt.
        copyTree(EXAMPLE.resolve("batches").resolve("2"), work.resolve("serial").resolve("data"));
        PipelineRunner again = new PipelineRunner(
                        spark, PipelineLoader.load(work.resolve("serial").resolve("pipeline.yaml")), RunListener.NONE)
                .withMaxParallel(1);
        RunResult second = again.run("retail-serial-2", null, 0);
        Map<String, Long> secondJobs = again.sparkJobs();
        System.out.println("spark jobs per dataset, second run:    " + secondJobs);
        assertThat(second.status()).as(second.datasets().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.datasets().stream().map(RetailParallelIT::outcome).toList())
                .as("the second batch's counts (RetailPipelineIT checks them against the example's defect list)")
                .contains(
                        "bronze.orders SUCCEEDED in 60 written 58 quarantined 2 dropped 0",
                        "bronze.customers SUCCEEDED in 20 written 18 quarantined 2 dropped 0",
                        "silver.orders SUCCEEDED in 58 written 53 quarantined 3 dropped 2",
                        "silver.customers SUCCEEDED in 18 written 16 quarantined 1 dropped 1");
        assertAtMost(secondJobs, SECOND_RUN_JOBS);
    }

    /** Each dataset started at most the jobs {@code most} allows it, and every dataset started some. */
    private static void assertAtMost(Map<String, Long> jobs, Map<String, Long> most) {
        assertThat(jobs.keySet()).as("datasets that started jobs").containsExactlyInAnyOrderElementsOf(most.keySet());
        most.forEach((dataset, max) -> assertThat(jobs.get(dataset)).as(dataset).isLessThanOrEqualTo(max));
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
