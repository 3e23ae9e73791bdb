package dev.strata.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * How a run grows with its input: the 20-rule bronze append of {@link QualityBench} on TPC-H {@code lineitem} at two
 * scale factors (10 times the rows by default), in one JVM and one SparkSession, rounds alternating which size runs
 * first. Per run it records the seconds, the peak heap in use during the run and the heap still in use after it
 * (after a full GC).
 *
 * <p>In {@code local[*]} the driver and the executors share one JVM, so the peak includes the tasks' working memory,
 * which Spark's memory manager bounds by a fraction of the heap, not by the input. The heap left after a run is what the
 * driver keeps: plans, metric states, listener data. Flat means it does not grow with the rows.
 *
 * <p>Usage: {@code bench/run scaling [--small 0.1] [--large 1] [--rounds 3] [--warmups 1] [--parts 8]}.
 */
public final class ScalingBench {
    private static final double MB = 1024.0 * 1024.0;

    private ScalingBench() {}

    /** One run: its seconds, the peak heap in use during it and the heap in use after it, in MB. */
    private record Measured(double seconds, double peakMb, double retainedMb) {}

    /** One size's data, its pipeline and what its measured runs came to. */
    private record Size(String label, Path data, long rows, Path pipeline, List<Measured> runs) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("scale", label);
            json.put("rows", rows);
            json.put("seconds", runs.stream().map(Measured::seconds).toList());
            json.put("peak_heap_mb", runs.stream().map(Measured::peakMb).toList());
            json.put("retained_heap_mb", runs.stream().map(Measured::retainedMb).toList());
            return json;
        }

        double median(java.util.function.ToDoubleFunction<Measured> value) {
            return Comparison.median(runs.stream().map(value::applyAsDouble).toList());
        }
    }

    public static void main(String[] args) throws IOException {
        double small = Double.parseDouble(BenchArgs.arg(args, "--small", "0.1"));
        double large = Double.parseDouble(BenchArgs.arg(args, "--large", "1"));
        int rounds = Integer.parseInt(BenchArgs.arg(args, "--rounds", "3"));
        int warmups = Integer.parseInt(BenchArgs.arg(args, "--warmups", "1"));
        int parts = Integer.parseInt(BenchArgs.arg(args, "--parts", "8"));
        Path work = Files.createTempDirectory("strata-bench-scaling");
        String loadBefore = BenchSetup.loadAverage();
        SparkSession spark = BenchSetup.spark(work);
        Size first = size(spark, small, parts, work);
        Size second = size(spark, large, parts, work);
        System.out.printf(
                Locale.ROOT,
                "scaling bench: sf %s (%d rows) and sf %s (%d rows), max heap %.0f MB, load average %s%n",
                first.label(),
                first.rows(),
                second.label(),
                second.rows(),
                Runtime.getRuntime().maxMemory() / MB,
                loadBefore);

        for (int warmup = 1; warmup <= warmups; warmup++) {
            run(spark, first, work.resolve("warm-small-" + warmup));
            run(spark, second, work.resolve("warm-large-" + warmup));
        }
        for (int round = 1; round <= rounds; round++) {
            Path folder = work.resolve("round-" + round);
            Rounds.Both<Measured> both = Rounds.alternate(
                    round,
                    () -> run(spark, first, folder.resolve("small")),
                    () -> run(spark, second, folder.resolve("large")));
            first.runs().add(both.first());
            second.runs().add(both.second());
            System.out.printf(
                    Locale.ROOT,
                    "round %d: sf %s %.2fs (peak %.0f MB, after %.0f MB), sf %s %.2fs (peak %.0f MB, after %.0f MB)%n",
                    round,
                    first.label(),
                    both.first().seconds(),
                    both.first().peakMb(),
                    both.first().retainedMb(),
                    second.label(),
                    both.second().seconds(),
                    both.second().peakMb(),
                    both.second().retainedMb());
        }
        String loadAfter = BenchSetup.loadAverage();
        spark.stop();

        double rowRatio = (double) second.rows() / first.rows();
        double timeRatio = second.median(Measured::seconds) / first.median(Measured::seconds);
        double peakRatio = second.median(Measured::peakMb) / first.median(Measured::peakMb);
        double retainedRatio = second.median(Measured::retainedMb) / first.median(Measured::retainedMb);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "scaling");
        result.put("measured_at", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("max_heap_mb", Math.round(Runtime.getRuntime().maxMemory() / MB));
        result.put("load_average_before", loadBefore);
        result.put("load_average_after", loadAfter);
        result.put("rounds", rounds);
        result.put("warmups", warmups);
        result.put("small", first.json());
        result.put("large", second.json());
        result.put("row_ratio", rowRatio);
        // Ratios of the large size's medians over the small one's, as bench/run all gathers them.
        result.put("seconds", comparison(timeRatio, String.format(Locale.ROOT, "<= %.1f (the row ratio)", rowRatio)));
        result.put("heap_after_run", comparison(retainedRatio, "<= 1.2 (flat)"));
        result.put("peak_heap", comparison(peakRatio, "bounded by Spark's memory fraction"));
        String table = new Results.Table("measure", "sf " + first.label(), "sf " + second.label(), "ratio", "goal")
                        .row("rows", first.rows(), second.rows(), Results.ratio(rowRatio), "")
                        .row(
                                "seconds (median)",
                                Results.seconds(first.median(Measured::seconds)),
                                Results.seconds(second.median(Measured::seconds)),
                                Results.ratio(timeRatio),
                                "<= row ratio")
                        .row(
                                "heap left after the run, MB (median)",
                                Math.round(first.median(Measured::retainedMb)),
                                Math.round(second.median(Measured::retainedMb)),
                                Results.ratio(retainedRatio),
                                "flat (<= 1.2)")
                        .row(
                                "peak heap during the run, MB (median)",
                                Math.round(first.median(Measured::peakMb)),
                                Math.round(second.median(Measured::peakMb)),
                                Results.ratio(peakRatio),
                                "bounded by Spark's memory fraction")
                + String.format(
                        Locale.ROOT,
                        "%nThe 20-rule bronze append of the quality bench, %d rounds after %d warm-up(s), sizes"
                                + " alternating. Max heap %d MB (driver and executors share it in local mode). Load"
                                + " average (1, 5, 15 min) before %s, after %s; %d cores.%n",
                        rounds,
                        warmups,
                        Math.round(Runtime.getRuntime().maxMemory() / MB),
                        loadBefore,
                        loadAfter,
                        Runtime.getRuntime().availableProcessors());
        System.out.println();
        System.out.print(table);
        Results.write("scaling-sf" + first.label() + "-sf" + second.label(), result, table);
    }

    private static Map<String, Object> comparison(double ratio, String goal) {
        Map<String, Object> comparison = new LinkedHashMap<>();
        comparison.put("median_ratio", ratio);
        comparison.put("goal", goal);
        return comparison;
    }

    private static Size size(SparkSession spark, double scale, int parts, Path work) throws IOException {
        String label = TpchLineItems.label(scale);
        Path data = TpchLineItems.folder(new String[0], label);
        TpchLineItems.write(spark, scale, parts, data);
        long rows = spark.read().parquet(data.toString()).count();
        Path pipeline = QualityBench.writePipeline(work.resolve("sf" + label + ".yaml"), data, QualityBench.RULES);
        return new Size(label, data, rows, pipeline, new ArrayList<>());
    }

    /** One run on a fresh storage root, deleted afterwards; the heap measured around it. */
    private static Measured run(SparkSession spark, Size size, Path lakehouse) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        double seconds = BenchSetup.strataRun(spark, QualityBench.load(size.pipeline(), lakehouse));
        double peak =
                heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / MB;
        BenchSetup.delete(lakehouse);
        System.gc();
        double retained =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB;
        return new Measured(seconds, peak, retained);
    }
}
