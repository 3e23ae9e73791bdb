package dev.strata.bench;

import dev.strata.bench.FormatWrites.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Times append, merge and SCD2 writes through Strata's sinks against the same writes hand-written with each format's
 * own API, alternately in one JVM and one SparkSession after warm-ups, and prints the median of the per-round ratios.
 * Only the write call, commit included, is timed: inputs are cached and materialized first, and the tables a merge or
 * SCD2 starts from are loaded before the clock starts.
 *
 * <p>Usage: {@code bench/run formats [--rows 1000000] [--formats delta,iceberg,hudi] [--rounds 3] [--warmups 1]}
 */
public final class FormatsBench {
    private FormatsBench() {}

    /** The times of one (format, operation) on both sides, or why it could not be measured. */
    private static final class Measurement {
        final String format;
        final Operation operation;
        /** Strata's seconds against the hand-written side's. */
        final Comparison times = new Comparison();

        long strataJobs;
        long handJobs;
        String error;
        /** Whether both sides' tables held the same rows after the first round. */
        String check;

        Measurement(String format, Operation operation) {
            this.format = format;
            this.operation = operation;
        }
    }

    public static void main(String[] args) throws IOException {
        long rows = Long.parseLong(BenchArgs.arg(args, "--rows", "1000000"));
        List<String> formats =
                List.of(BenchArgs.arg(args, "--formats", "delta,iceberg,hudi").split(","));
        int rounds = Integer.parseInt(BenchArgs.arg(args, "--rounds", "3"));
        int warmups = Integer.parseInt(BenchArgs.arg(args, "--warmups", "1"));
        Path work = Files.createTempDirectory("strata-bench-formats");
        SparkSession spark = BenchSetup.spark(work);
        JobCounter jobs = JobCounter.on(spark);
        System.out.printf(
                Locale.ROOT,
                "formats bench: %d rows, formats %s, %d rounds after %d warm-ups, work dir %s%n",
                rows,
                formats,
                rounds,
                warmups,
                work);
        FormatInputs inputs = FormatInputs.create(spark, rows);

        List<Measurement> measurements = new ArrayList<>();
        for (String format : formats) {
            FormatWrites strata;
            FormatWrites hand;
            List<Measurement> ofFormat = new ArrayList<>();
            for (Operation operation : Operation.values()) {
                ofFormat.add(new Measurement(format, operation));
            }
            measurements.addAll(ofFormat);
            try {
                strata = new StrataFormatWrites(format, work.resolve(format).resolve("strata"), inputs);
                hand = HandWrittenFormatWrites.forFormat(
                        format, spark, work.resolve(format).resolve("hand"), inputs);
            } catch (RuntimeException e) {
                ofFormat.forEach(m -> m.error = describe(e));
                System.out.printf(Locale.ROOT, "%s: cannot benchmark: %s%n", format, describe(e));
                continue;
            }
            for (int round = 1 - warmups; round <= rounds; round++) {
                for (Measurement m : ofFormat) {
                    if (m.error != null) {
                        continue;
                    }
                    String table = m.operation.id() + (round <= 0 ? "_w" + (round + warmups) : "_r" + round);
                    try {
                        measure(spark, jobs, m, strata, hand, table, round);
                    } catch (RuntimeException e) {
                        m.error = describe(e);
                        System.out.printf(
                                Locale.ROOT, "%s %s: failed in %s: %s%n", format, m.operation.id(), table, m.error);
                        e.printStackTrace(System.out);
                    }
                }
            }
        }
        inputs.release();
        spark.stop();

        System.out.println();
        for (Measurement m : measurements) {
            if (m.error != null) {
                System.out.printf(Locale.ROOT, "%-8s %-7s FAILED: %s%n", m.format, m.operation.id(), m.error);
            } else if (!m.times.isEmpty()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-8s %-7s median: strata %.2fs, hand-written %.2fs; median ratio %.3f (spark jobs %d vs %d)%n",
                        m.format,
                        m.operation.id(),
                        m.times.firstMedian(),
                        m.times.secondMedian(),
                        m.times.medianRatio(),
                        m.strataJobs,
                        m.handJobs);
            }
        }
        writeResults(rows, rounds, warmups, measurements);
    }

    /**
     * One round of one operation: both tables pre-loaded, then both writes timed, in alternating order so that drift
     * (GC, page cache) does not favour one side. A warm-up round (round <= 0) records nothing.
     */
    private static void measure(
            SparkSession spark,
            JobCounter jobs,
            Measurement m,
            FormatWrites strata,
            FormatWrites hand,
            String table,
            int round) {
        strata.preload(m.operation, table);
        hand.preload(m.operation, table);
        Rounds.Both<double[]> runs = Rounds.alternate(
                round,
                () -> timed(spark, jobs, strata, m.operation, table),
                () -> timed(spark, jobs, hand, m.operation, table));
        double[] strataRun = runs.first();
        double[] handRun = runs.second();
        if (m.check == null) {
            m.check = compare(strata.read(table), hand.read(table));
            System.out.printf(Locale.ROOT, "%s %s: tables after the write: %s%n", m.format, m.operation.id(), m.check);
        }
        strata.drop(table);
        hand.drop(table);
        double ratio = strataRun[0] / handRun[0];
        System.out.printf(
                Locale.ROOT,
                "%s %s %s: strata %.2fs, hand-written %.2fs, ratio %.3f%n",
                m.format,
                m.operation.id(),
                round <= 0 ? "warm-up" : "round " + round,
                strataRun[0],
                handRun[0],
                ratio);
        if (round > 0) {
            m.times.add(strataRun[0], handRun[0]);
            m.strataJobs = (long) strataRun[1];
            m.handJobs = (long) handRun[1];
        }
    }

    /**
     * Whether both tables hold the same rows: their counts and an order-independent sum of row hashes over the
     * columns in name order, so that a baseline doing less (or other) work than Strata is caught.
     */
    private static String compare(Dataset<Row> strata, Dataset<Row> hand) {
        String strataPrint = fingerprint(strata);
        String handPrint = fingerprint(hand);
        return strataPrint.equals(handPrint)
                ? "same rows (" + strataPrint + ")"
                : "DIFFERENT rows (strata " + strataPrint + ", hand-written " + handPrint + ")";
    }

    private static String fingerprint(Dataset<Row> table) {
        String[] columns = table.columns().clone();
        Arrays.sort(columns);
        String hashed = Arrays.stream(columns).map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        Row row = table.selectExpr("count(*)", "sum(CAST(hash(" + hashed + ") AS BIGINT))")
                .first();
        return String.format(
                Locale.ROOT,
                "%d rows, columns %s, hash sum %d",
                row.getLong(0),
                Arrays.toString(columns),
                row.isNullAt(1) ? 0 : row.getLong(1));
    }

    /** Seconds and Spark jobs of one write. */
    private static double[] timed(
            SparkSession spark, JobCounter jobs, FormatWrites side, Operation operation, String table) {
        jobs.reset();
        double seconds = Rounds.seconds(() -> side.run(operation, table));
        JobCounter.settle(spark); // outside the timed part
        return new double[] {seconds, jobs.jobs()};
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        StringBuilder message = new StringBuilder(e.getClass().getName() + ": " + e.getMessage());
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            message.append(" | caused by ")
                    .append(root.getClass().getName())
                    .append(": ")
                    .append(root.getMessage());
        }
        return message.toString().replaceAll("\\s+", " ");
    }

    private static void writeResults(long rows, int rounds, int warmups, List<Measurement> measurements)
            throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "formats");
        result.put("measured_at", Instant.now().toString());
        result.put("rows", rows);
        result.put("rounds", rounds);
        result.put("warmups", warmups);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        List<Map<String, Object>> entries = new ArrayList<>();
        Results.Table table = new Results.Table(
                "format",
                "operation",
                "strata (s, per round)",
                "hand-written (s, per round)",
                "strata median (s)",
                "hand-written median (s)",
                "median ratio",
                "spark jobs (strata / hand)",
                "same rows");
        for (Measurement m : measurements) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("format", m.format);
            entry.put("operation", m.operation.id());
            entry.put("strata_seconds", m.times.first());
            entry.put("hand_written_seconds", m.times.second());
            entry.put("ratios", m.times.ratios());
            if (!m.times.isEmpty()) {
                entry.put("median_ratio", m.times.medianRatio());
                entry.put("strata_jobs", m.strataJobs);
                entry.put("hand_written_jobs", m.handJobs);
            }
            if (m.check != null) {
                entry.put("tables_after_write", m.check);
            }
            if (m.error != null) {
                entry.put("error", m.error);
            }
            entries.add(entry);
            if (m.times.isEmpty()) {
                String failure = m.error == null ? "not run" : m.error.replace("|", "\\|");
                table.row(m.format, m.operation.id(), "failed: " + failure, "", "", "", "", "", "");
            } else {
                table.row(
                        m.format,
                        m.operation.id(),
                        Results.perRound(m.times.first()),
                        Results.perRound(m.times.second()),
                        Results.seconds(m.times.firstMedian()),
                        Results.seconds(m.times.secondMedian()),
                        Results.ratio(m.times.medianRatio()),
                        m.strataJobs + " / " + m.handJobs,
                        m.check == null ? "not checked" : m.check.startsWith("same") ? "yes" : "NO");
            }
        }
        result.put("results", entries);
        String heading = String.format(
                Locale.ROOT,
                "Formats benchmark, %d rows, median of %d rounds after %d warm-up(s), %d cores.%n%n",
                rows,
                rounds,
                warmups,
                Runtime.getRuntime().availableProcessors());
        Results.write("formats-" + rows, result, heading + table);
    }
}
