package dev.strata.bench;

import dev.strata.cli.demo.RetailDataGenerator;
import dev.strata.core.spec.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the retail example pipeline on data {@code scale}× larger, and the same work written by hand against Spark and
 * Delta, alternately in one JVM and one SparkSession, then prints the median of the per-round ratios.
 *
 * <p>Usage: {@code bench/run retail [--scale 100] [--rounds 5] [--warmups 2]}
 */
public final class RetailBench {
    private RetailBench() {}

    public static void main(String[] args) throws IOException {
        int scale = Integer.parseInt(BenchArgs.arg(args, "--scale", "100"));
        int rounds = Integer.parseInt(BenchArgs.arg(args, "--rounds", "5"));
        int warmups = Integer.parseInt(BenchArgs.arg(args, "--warmups", "2"));
        Path work = Files.createTempDirectory("strata-bench-retail");
        Path data = work.resolve("data");
        RetailDataGenerator.generate(data, 1, scale);
        Path pipelineFile = work.resolve("pipeline.yaml");
        Files.copy(Path.of("examples/retail/pipeline.yaml"), pipelineFile, StandardCopyOption.REPLACE_EXISTING);

        SparkSession spark = BenchSetup.spark(work);
        JobCounter jobs = JobCounter.on(spark);
        long rows = Files.lines(data.resolve("orders/orders-001.csv")).count() - 1;
        System.out.printf(Locale.ROOT, "retail bench: %d order rows (scale %d), %d rounds%n", rows, scale, rounds);

        Comparison comparison = Rounds.measure(
                warmups,
                rounds,
                run -> strata(spark, pipelineFile, work.resolve(run.folder("strata"))),
                run -> hand(spark, data, work.resolve(run.folder("hand"))),
                (round, strata, hand) -> {
                    if (round == 1) {
                        printJobs(spark, jobs, pipelineFile, data, work);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "round %d: strata %.2fs, hand-written %.2fs, ratio %.3f%n",
                            round,
                            strata,
                            hand,
                            strata / hand);
                });
        spark.stop();

        System.out.printf(
                Locale.ROOT,
                "median: strata %.2fs, hand-written %.2fs; median ratio %.3f (goal <= 1.05)%n",
                comparison.firstMedian(),
                comparison.secondMedian(),
                comparison.medianRatio());
        writeResults(scale, rows, comparison);
    }

    /** One more run of each side, outside the timed rounds, counting their Spark jobs and tasks. */
    private static void printJobs(SparkSession spark, JobCounter jobs, Path pipelineFile, Path data, Path work) {
        jobs.reset();
        strata(spark, pipelineFile, work.resolve("jobs-strata"));
        long strataJobs = jobs.jobs();
        long strataTasks = jobs.tasks();
        jobs.reset();
        hand(spark, data, work.resolve("jobs-hand"));
        System.out.printf(
                Locale.ROOT,
                "spark work per run: strata %d jobs / %d tasks, hand-written %d jobs / %d tasks%n",
                strataJobs,
                strataTasks,
                jobs.jobs(),
                jobs.tasks());
    }

    private static double hand(SparkSession spark, Path data, Path lakehouse) {
        return Rounds.seconds(() -> new HandWrittenRetailJob(spark, data.toString(), lakehouse.toString()).run());
    }

    private static double strata(SparkSession spark, Path pipelineFile, Path lakehouse) {
        Pipeline pipeline = BenchSetup.pipeline(pipelineFile, Map.of("LAKEHOUSE", lakehouse.toString()));
        return BenchSetup.strataRun(spark, pipeline);
    }

    private static void writeResults(int scale, long rows, Comparison comparison) throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "retail-example");
        result.put("measured_at", Instant.now().toString());
        result.put("scale", scale);
        result.put("order_rows", rows);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("strata_seconds", comparison.first());
        result.put("hand_written_seconds", comparison.second());
        result.put("median_ratio", comparison.medianRatio());
        result.put("goal", "<= 1.05");
        Results.Table table = new Results.Table(
                        "benchmark", "rows", "strata (median s)", "hand-written (median s)", "median ratio", "goal")
                .row(
                        "retail example, scale " + scale,
                        rows,
                        Results.seconds(comparison.firstMedian()),
                        Results.seconds(comparison.secondMedian()),
                        Results.ratio(comparison.medianRatio()),
                        "<= 1.05");
        Results.write("retail-scale-" + scale, result, table.toString());
    }
}
