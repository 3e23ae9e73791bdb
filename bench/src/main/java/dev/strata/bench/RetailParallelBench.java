package dev.strata.bench;

import dev.strata.cli.demo.RetailDataGenerator;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The retail example built one dataset at a time ({@code max_parallel} 1) and with independent datasets at once
 * ({@code --max-parallel N}), against the hand-written sequential Spark job, in one JVM and one SparkSession. Each
 * round runs the three sides in a rotated order; the results give each side's median, its spread (min to max) and the
 * medians of the per-round ratios, and the Spark jobs each dataset starts.
 *
 * <p>Usage: {@code bench/run retail-parallel [--scale 1] [--rounds 5] [--warmups 2] [--max-parallel 2]}
 */
public final class RetailParallelBench {
    private static final List<String> SIDES = List.of("hand-written", "strata max_parallel 1", "strata max_parallel N");

    private RetailParallelBench() {}

    public static void main(String[] args) throws IOException {
        int scale = Integer.parseInt(BenchArgs.arg(args, "--scale", "1"));
        int rounds = Integer.parseInt(BenchArgs.arg(args, "--rounds", "5"));
        int warmups = Integer.parseInt(BenchArgs.arg(args, "--warmups", "2"));
        int parallel = Integer.parseInt(BenchArgs.arg(args, "--max-parallel", "2"));
        Path work = Files.createTempDirectory("strata-bench-retail-parallel");
        Path data = work.resolve("data");
        RetailDataGenerator.generate(data, 1, scale);
        Path pipelineFile = work.resolve("pipeline.yaml");
        Files.copy(Path.of("examples/retail/pipeline.yaml"), pipelineFile, StandardCopyOption.REPLACE_EXISTING);
        SparkSession spark = BenchSetup.spark(work);
        long rows = Files.lines(data.resolve("orders/orders-001.csv")).count() - 1;
        System.out.printf(
                Locale.ROOT,
                "retail parallel bench: %d order rows (scale %d), %d rounds, max_parallel 1 and %d, load %s%n",
                rows,
                scale,
                rounds,
                parallel,
                BenchSetup.loadAverage());

        Function<Integer, Function<Path, PipelineRunner>> strata = maxParallel -> lakehouse -> {
            Pipeline pipeline = BenchSetup.pipeline(pipelineFile, Map.of("LAKEHOUSE", lakehouse.toString()));
            return new PipelineRunner(spark, pipeline, RunListener.NONE).withMaxParallel(maxParallel);
        };
        List<Function<Path, Double>> sides = List.of(
                lakehouse -> Rounds.seconds(
                        () -> new HandWrittenRetailJob(spark, data.toString(), lakehouse.toString()).run()),
                lakehouse -> BenchSetup.strataRun(strata.apply(1).apply(lakehouse)),
                lakehouse -> BenchSetup.strataRun(strata.apply(parallel).apply(lakehouse)));
        for (int warmup = 1; warmup <= warmups; warmup++) {
            for (int side = 0; side < sides.size(); side++) {
                Path folder = work.resolve("warm-" + side + "-" + warmup);
                double seconds = sides.get(side).apply(folder);
                System.out.printf(Locale.ROOT, "warm-up %d, %s: %.2fs%n", warmup, SIDES.get(side), seconds);
                BenchSetup.delete(folder);
            }
        }
        List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            double[] measured = new double[sides.size()];
            for (int i = 0; i < sides.size(); i++) {
                int side = (i + round) % sides.size(); // rotated: each side goes first, second and third in turn
                Path folder = work.resolve("round-" + side + "-" + round);
                measured[side] = sides.get(side).apply(folder);
                BenchSetup.delete(folder);
            }
            for (int side = 0; side < sides.size(); side++) {
                seconds.get(side).add(measured[side]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d: hand-written %.2fs, strata 1 %.2fs, strata %d %.2fs%n",
                    round,
                    measured[0],
                    measured[1],
                    parallel,
                    measured[2]);
        }
        PipelineRunner serialJobs = strata.apply(1).apply(work.resolve("jobs-1"));
        BenchSetup.strataRun(serialJobs);
        PipelineRunner parallelJobs = strata.apply(parallel).apply(work.resolve("jobs-n"));
        BenchSetup.strataRun(parallelJobs);
        String load = BenchSetup.loadAverage();
        spark.stop();
        write(scale, rows, parallel, seconds, serialJobs.sparkJobs(), parallelJobs.sparkJobs(), load);
    }

    private static List<Double> ratios(List<Double> over, List<Double> under) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < over.size(); i++) {
            ratios.add(over.get(i) / under.get(i));
        }
        return ratios;
    }

    private static String spread(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return Results.seconds(min) + " to " + Results.seconds(max);
    }

    private static void write(
            int scale,
            long rows,
            int parallel,
            List<List<Double>> seconds,
            Map<String, Long> serialJobs,
            Map<String, Long> parallelJobs,
            String load)
            throws IOException {
        List<Double> serialOverHand = ratios(seconds.get(1), seconds.get(0));
        List<Double> parallelOverHand = ratios(seconds.get(2), seconds.get(0));
        List<Double> parallelOverSerial = ratios(seconds.get(2), seconds.get(1));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "retail-parallel");
        json.put("measured_at", Instant.now().toString());
        json.put("scale", scale);
        json.put("order_rows", rows);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("max_parallel", parallel);
        json.put("load_average_after", load);
        for (int side = 0; side < SIDES.size(); side++) {
            json.put(SIDES.get(side).replace(' ', '_') + "_seconds", seconds.get(side));
        }
        json.put("serial_over_hand", ratioResult(serialOverHand, "<= 0.8"));
        json.put("parallel_over_hand", ratioResult(parallelOverHand, "<= 0.8"));
        json.put("parallel_over_serial", ratioResult(parallelOverSerial, "< 1"));
        json.put("spark_jobs_serial", serialJobs);
        json.put("spark_jobs_parallel", parallelJobs);
        Results.Table times = new Results.Table("side", "median s", "spread (min to max)", "per round");
        for (int side = 0; side < SIDES.size(); side++) {
            times.row(
                    SIDES.get(side).replace(" N", " " + parallel),
                    Results.seconds(Comparison.median(seconds.get(side))),
                    spread(seconds.get(side)),
                    Results.perRound(seconds.get(side)));
        }
        Results.Table ratios = new Results.Table("ratio", "median", "spread (min to max)")
                .row(
                        "strata 1 / hand-written",
                        Results.ratio(Comparison.median(serialOverHand)),
                        spread(serialOverHand))
                .row(
                        "strata " + parallel + " / hand-written",
                        Results.ratio(Comparison.median(parallelOverHand)),
                        spread(parallelOverHand))
                .row(
                        "strata " + parallel + " / strata 1",
                        Results.ratio(Comparison.median(parallelOverSerial)),
                        spread(parallelOverSerial));
        Results.Table jobs = new Results.Table("dataset", "spark jobs, max_parallel 1", "spark jobs, max_parallel N");
        serialJobs.forEach((dataset, count) -> jobs.row(dataset, count, parallelJobs.get(dataset)));
        String markdown = String.format(
                        Locale.ROOT,
                        "# Retail example, one dataset at a time and %d at once (scale %d, %d order rows)%n%n"
                                + "%d rounds, each side's order rotated per round; %d cores; load average after: %s.%n%n",
                        parallel,
                        scale,
                        rows,
                        seconds.get(0).size(),
                        Runtime.getRuntime().availableProcessors(),
                        load)
                + times
                + System.lineSeparator()
                + ratios
                + System.lineSeparator()
                + jobs;
        Results.write("retail-parallel-scale-" + scale, json, markdown);
    }

    /** A comparison's per-round ratios, their median and its goal, as every benchmark's result file has them. */
    private static Map<String, Object> ratioResult(List<Double> ratios, String goal) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ratios", ratios);
        result.put("median_ratio", Comparison.median(ratios));
        result.put("goal", goal);
        return result;
    }
}
