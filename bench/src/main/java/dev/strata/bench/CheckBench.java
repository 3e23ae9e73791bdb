package dev.strata.bench;

import com.amazon.deequ.checks.Check;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.check.TableCheck;
import dev.strata.engine.run.TableLocations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * {@code strata check} of the 20 rules of {@link QualityBench} on an existing Delta table of TPC-H {@code lineitem},
 * against Deequ's {@code VerificationSuite} with the same 20 constraints reading the same table, in one JVM and one
 * SparkSession. Neither side caches the table: each round reads it as a check would. Both must agree on every verdict.
 *
 * <p>Usage: {@code bench/run check [--scale 0.1] [--rounds 3] [--warmups 1] [--parts 8] [--data DIR]}.
 */
public final class CheckBench {
    private static final String DATASET = "bronze.lineitem";

    private CheckBench() {}

    public static void main(String[] args) throws IOException {
        double scale = Double.parseDouble(BenchArgs.arg(args, "--scale", "0.1"));
        int rounds = Integer.parseInt(BenchArgs.arg(args, "--rounds", "3"));
        int warmups = Integer.parseInt(BenchArgs.arg(args, "--warmups", "1"));
        int parts = Integer.parseInt(BenchArgs.arg(args, "--parts", "8"));
        String label = TpchLineItems.label(scale);
        Path data = TpchLineItems.folder(args, label);
        Path work = Files.createTempDirectory("strata-bench-check");
        String loadBefore = BenchSetup.loadAverage();
        SparkSession spark = BenchSetup.spark(work);
        TpchLineItems.write(spark, scale, parts, data);

        // The table is built once, by a run without rules; the checks then read it.
        Path lakehouse = work.resolve("lakehouse");
        Path file = work.resolve("pipeline.yaml");
        writePipeline(file, data, List.of());
        BenchSetup.strataRun(spark, BenchSetup.pipeline(file, Map.of("STRATA_LAKEHOUSE", lakehouse.toString())));
        writePipeline(file, data, QualityBench.RULES);
        Pipeline pipeline = BenchSetup.pipeline(file, Map.of("STRATA_LAKEHOUSE", lakehouse.toString()));
        String table = lakehouse.resolve("bronze/lineitem").toString();
        long rows = spark.read().format("delta").load(table).count();
        System.out.printf(
                Locale.ROOT, "check bench: TPC-H lineitem sf %s, %d rows in a Delta table at %s%n", label, rows, table);

        Map<DatasetName, DatasetPlan> plans = new LinkedHashMap<>();
        Planner.plan(pipeline.spec()).datasets().forEach(d -> plans.put(d.name(), d));
        DatasetPlan plan = plans.get(DatasetName.parse(DATASET));
        Check check = QualityBench.deequCheck(false);
        int count = QualityBench.RULES.size();
        List<List<Boolean>> verdicts = new ArrayList<>(List.of(List.of(), List.of()));
        List<TableCheck.Outcome> outcome = new ArrayList<>(List.of());
        Comparison comparison = Rounds.measure(
                warmups,
                rounds,
                run -> Rounds.seconds(() -> {
                    TableCheck strata = new TableCheck(
                            spark,
                            new TableLocations(pipeline.spec().storage()),
                            plans,
                            MetricHistory.none(),
                            pipeline.spec().name(),
                            false);
                    strata.requireTable(plan, "pipeline.yaml");
                    TableCheck.Outcome checked = strata.check(plan, "check-" + run.number());
                    outcome.clear();
                    outcome.add(checked);
                    verdicts.set(
                            0,
                            checked.rules().stream()
                                    .map(r -> r.status() == RuleStatus.PASSED)
                                    .toList());
                }),
                run -> Rounds.seconds(() -> verdicts.set(
                        1,
                        QualityBench.deequVerdicts(spark.read().format("delta").load(table), check, count))),
                (round, strata, deequ) -> System.out.printf(
                        Locale.ROOT,
                        "round %d: strata check %.2fs, deequ %.2fs, ratio %.3f%n",
                        round,
                        strata,
                        deequ,
                        strata / deequ));
        String loadAfter = BenchSetup.loadAverage();
        spark.stop();

        List<String> disagreements = new ArrayList<>();
        TableCheck.Outcome last = outcome.get(0);
        for (int i = 0; i < count; i++) {
            if (!verdicts.get(0).get(i).equals(verdicts.get(1).get(i))) {
                disagreements.add(last.rules().get(i).name());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nchecks: %s; %d of %d rules answered from the Delta log's statistics (%s)%n",
                disagreements.isEmpty() ? "Strata and Deequ agree on every check" : "DISAGREEMENTS: " + disagreements,
                last.fromStatistics().size(),
                count,
                String.join(", ", last.fromStatistics()));
        System.out.printf(
                Locale.ROOT,
                "strata check %.2fs, deequ %.2fs (medians); median ratio %.3f (goal <= 0.5)%n",
                comparison.firstMedian(),
                comparison.secondMedian(),
                comparison.medianRatio());
        System.out.println("load average (1, 5, 15 min): before " + loadBefore + ", after " + loadAfter);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "check");
        result.put("measured_at", Instant.now().toString());
        result.put("scale", scale);
        result.put("rows", rows);
        result.put("checks", count);
        result.put("from_statistics", last.fromStatistics());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("load_average_before", loadBefore);
        result.put("load_average_after", loadAfter);
        result.put("rounds", rounds);
        result.put("warmups", warmups);
        result.put("strata_seconds", comparison.first());
        result.put("deequ_seconds", comparison.second());
        result.put("ratios", comparison.ratios());
        result.put("median_ratio", comparison.medianRatio());
        result.put("goal", "<= 0.5");
        result.put("disagreements", disagreements);
        String markdown = new Results.Table(
                                "benchmark", "rows", "strata (median s)", "deequ (median s)", "median ratio", "goal")
                        .row(new Object[] {
                            "TPC-H sf " + label + " Delta table: strata check vs Deequ, " + count + " checks",
                            rows,
                            Results.seconds(comparison.firstMedian()),
                            Results.seconds(comparison.secondMedian()),
                            Results.ratio(comparison.medianRatio()),
                            "<= 0.5"
                        })
                + String.format(
                        Locale.ROOT,
                        "%nFrom the Delta log's statistics: %d of %d rules (%s). Pass/fail: %s. Load average (1, 5,"
                                + " 15 min) before %s, after %s; %d cores.%n",
                        last.fromStatistics().size(),
                        count,
                        String.join(", ", last.fromStatistics()),
                        disagreements.isEmpty() ? "Strata and Deequ agree on all" : "disagreements: " + disagreements,
                        loadBefore,
                        loadAfter,
                        Runtime.getRuntime().availableProcessors());
        Results.write("check-sf" + label, result, markdown);
    }

    private static void writePipeline(Path file, Path data, List<String> rules) throws IOException {
        String yaml = "name: check-bench\n"
                + "storage: {root: \"${STRATA_LAKEHOUSE}\", format: delta}\n"
                + "sources:\n"
                + "  lineitem: {format: parquet, path: \"" + data.toAbsolutePath() + "\"}\n"
                + "datasets:\n"
                + "  " + DATASET + ":\n"
                + "    from: lineitem\n"
                + "    write: {mode: append}\n"
                + (rules.isEmpty() ? "" : "    expect:\n" + String.join("\n", rules) + "\n");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }
}
