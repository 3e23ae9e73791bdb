package dev.strata.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.cli.demo.RetailDataGenerator;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.session.SparkSessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

        SparkSession spark = SparkSessions.create(new SparkSessions.Settings(
                System.getProperty("strata.bench.master", "local[*]"),
                "strata-bench",
                work.resolve("spark"),
                Map.of()));
        JobCounter jobs = new JobCounter();
        spark.sparkContext().addSparkListener(jobs);
        long rows = Files.lines(data.resolve("orders/orders-001.csv")).count() - 1;
        System.out.printf(Locale.ROOT, "retail bench: %d order rows (scale %d), %d rounds%n", rows, scale, rounds);

        // Warm up the JIT and Spark's code paths on both sides before measuring.
        for (int warmup = 1; warmup <= warmups; warmup++) {
            strata(spark, pipelineFile, work.resolve("warm-strata-" + warmup));
            hand(spark, data, work.resolve("warm-hand-" + warmup));
        }

        List<Double> strataSeconds = new ArrayList<>();
        List<Double> handSeconds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // Alternate which side goes first, so that drift (GC, page cache) does not favour one.
            double strata;
            double hand;
            if (round % 2 == 1) {
                strata = strata(spark, pipelineFile, work.resolve("strata-" + round));
                hand = hand(spark, data, work.resolve("hand-" + round));
            } else {
                hand = hand(spark, data, work.resolve("hand-" + round));
                strata = strata(spark, pipelineFile, work.resolve("strata-" + round));
            }
            strataSeconds.add(strata);
            handSeconds.add(hand);
            if (round == 1) {
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
            ratios.add(strata / hand);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: strata %.2fs, hand-written %.2fs, ratio %.3f%n",
                    round,
                    strata,
                    hand,
                    strata / hand);
        }
        spark.stop();

        double ratio = BenchArgs.median(ratios);
        System.out.printf(
                Locale.ROOT,
                "median: strata %.2fs, hand-written %.2fs; median ratio %.3f (goal <= 1.05)%n",
                BenchArgs.median(strataSeconds),
                BenchArgs.median(handSeconds),
                ratio);
        writeResults(scale, rows, strataSeconds, handSeconds, ratio);
    }

    /** Counts Spark jobs and tasks, to show where two runs differ in work rather than in time alone. */
    static final class JobCounter extends org.apache.spark.scheduler.SparkListener {
        private final java.util.concurrent.atomic.AtomicLong jobs = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong tasks = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart event) {
            jobs.incrementAndGet();
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd event) {
            tasks.incrementAndGet();
        }

        void reset() {
            jobs.set(0);
            tasks.set(0);
        }

        long jobs() {
            return jobs.get();
        }

        long tasks() {
            return tasks.get();
        }
    }

    private static double hand(SparkSession spark, Path data, Path lakehouse) {
        long start = System.nanoTime();
        new HandWrittenRetailJob(spark, data.toString(), lakehouse.toString()).run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double strata(SparkSession spark, Path pipelineFile, Path lakehouse) {
        Pipeline pipeline =
                PipelineLoader.parse(readString(pipelineFile), pipelineFile, Map.of("LAKEHOUSE", lakehouse.toString()));
        long start = System.nanoTime();
        RunResult result =
                new PipelineRunner(spark, pipeline, RunListener.NONE).run(PipelineRunner.newRunId(), null, 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("The Strata run failed: " + result);
        }
        return seconds;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeResults(int scale, long rows, List<Double> strata, List<Double> hand, double ratio)
            throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "retail-example");
        result.put("measured_at", Instant.now().toString());
        result.put("scale", scale);
        result.put("order_rows", rows);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("strata_seconds", strata);
        result.put("hand_written_seconds", hand);
        result.put("median_ratio", ratio);
        result.put("goal", "<= 1.05");
        Path dir = Path.of("bench", "results");
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("retail-scale-" + scale + ".json").toFile(), result);
        String table = String.format(
                Locale.ROOT,
                "| benchmark | rows | strata (median s) | hand-written (median s) | median ratio | goal |%n"
                        + "|---|---|---|---|---|---|%n"
                        + "| retail example, scale %d | %d | %.2f | %.2f | %.3f | <= 1.05 |%n",
                scale,
                rows,
                BenchArgs.median(strata),
                BenchArgs.median(hand),
                ratio);
        Files.writeString(dir.resolve("retail-scale-" + scale + ".md"), table, StandardCharsets.UTF_8);
        System.out.println("results: bench/results/retail-scale-" + scale + ".json and .md");
    }
}
