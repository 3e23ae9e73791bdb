package dev.strata.bench;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.RuleSpec;
import dev.strata.engine.quality.QualityCheck;
import dev.strata.engine.run.PipelineRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.util.matching.Regex;

/**
 * The cost of quality rules on TPC-H {@code lineitem}, in one JVM and one SparkSession:
 *
 * <ol>
 *   <li>pipeline overhead: a bronze Delta append with 20 rules under {@code expect:} (on_fail warn) against the same
 *       pipeline without rules, through {@link PipelineRunner};
 *   <li>checks against Deequ: {@link QualityCheck#evaluate} against Deequ's {@code VerificationSuite} with the same 20
 *       constraints, on the same cached DataFrame. Both must agree on the pass or fail of every check.
 * </ol>
 *
 * <p>Usage: {@code bench/run quality [--scale 0.2] [--rounds 3] [--warmups 1] [--parts 8] [--data DIR]
 * [--without-unique]}. {@code --without-unique} leaves the unique rule out on both sides (19 checks), to show its
 * share of the cost.
 */
public final class QualityBench {
    private static final String DATASET = "bronze.lineitem";
    private static final String SHIP_INSTRUCT = "^(DELIVER IN PERSON|COLLECT COD|NONE|TAKE BACK RETURN)$";

    private static final String UNIQUE_RULE = "      - {rule: unique, columns: [orderkey, linenumber]}";

    /** The 20 rules, as a user writes them. {@link #deequCheck} declares the same 20, in the same order. */
    static final List<String> RULES = List.of(
            "      - {rule: not_null, column: orderkey}",
            "      - {rule: not_null, column: partkey}",
            "      - {rule: not_null, column: shipdate}",
            UNIQUE_RULE,
            "      - {rule: between, column: quantity, min: 1, max: 50}",
            "      - {rule: between, column: discount, min: 0, max: 0.10}",
            "      - {rule: between, column: tax, min: 0, max: 0.08}",
            "      - {rule: between, column: extendedprice, min: 0, max: 200000}",
            "      - {rule: in_set, column: returnflag, values: [A, N, R]}",
            "      - {rule: in_set, column: linestatus, values: [O, F]}",
            "      - {rule: in_set, column: shipmode, values: [\"REG AIR\", AIR, RAIL, SHIP, TRUCK, MAIL, FOB]}",
            "      - {rule: regex, column: shipinstruct, pattern: '" + SHIP_INSTRUCT + "'}",
            "      - {rule: expression, name: receipt_after_ship, expression: \"receiptdate >= shipdate\"}",
            "      - {rule: completeness, column: comment, min: 0.99}",
            "      - {rule: mean, column: quantity, min: 20, max: 30}",
            "      - {rule: min, column: discount, min: 0}",
            "      - {rule: max, column: discount, max: 0.10}",
            "      - {rule: stddev, column: quantity, min: 10, max: 20}",
            "      - {rule: row_count, min: 1}",
            "      - {rule: sum, column: quantity, min: 1}");

    private QualityBench() {}

    public static void main(String[] args) throws IOException {
        double scale = Double.parseDouble(BenchArgs.arg(args, "--scale", "0.2"));
        int rounds = Integer.parseInt(BenchArgs.arg(args, "--rounds", "3"));
        int warmups = Integer.parseInt(BenchArgs.arg(args, "--warmups", "1"));
        int parts = Integer.parseInt(BenchArgs.arg(args, "--parts", "8"));
        boolean withoutUnique = Arrays.asList(args).contains("--without-unique");
        List<String> ruleLines = RULES.stream()
                .filter(line -> !(withoutUnique && line.equals(UNIQUE_RULE)))
                .toList();
        int count = ruleLines.size();
        String label = TpchLineItems.label(scale);
        Path data = TpchLineItems.folder(args, label);
        Path work = Files.createTempDirectory("strata-bench-quality");
        String loadBefore = BenchSetup.loadAverage();
        SparkSession spark = BenchSetup.spark(work);

        long start = System.nanoTime();
        boolean generated = TpchLineItems.write(spark, scale, parts, data);
        double generation = (System.nanoTime() - start) / 1e9;
        long rows = spark.read().parquet(data.toString()).count();
        System.out.printf(
                Locale.ROOT,
                "quality bench: TPC-H lineitem sf %s, %d rows (%s in %.1fs, %s), load average %s, work dir %s%n",
                label,
                rows,
                generated ? "generated" : "reused",
                generation,
                data,
                loadBefore,
                work);

        Path withRules = writePipeline(work.resolve("with-rules.yaml"), data, ruleLines);
        Path withoutRules = writePipeline(work.resolve("no-rules.yaml"), data, List.of());

        // (a) The pipeline with its rules against the pipeline without them.
        Comparison pipeline = Rounds.measure(
                warmups,
                rounds,
                run -> run(spark, withRules, work.resolve(run.folder("rules"))),
                run -> run(spark, withoutRules, work.resolve(run.folder("plain"))),
                (round, ruled, plain) -> System.out.printf(
                        Locale.ROOT,
                        "pipeline round %d: %d rules %.2fs, no rules %.2fs, ratio %.3f%n",
                        round,
                        count,
                        ruled,
                        plain,
                        ruled / plain));

        // (b) Strata's checks against Deequ's, on the same cached DataFrame; the verdicts of the last run are kept.
        List<RuleSpec> rules = rules(withRules, count);
        Check check = deequCheck(withoutUnique);
        Dataset<Row> lineitem = spark.read().parquet(data.toString()).cache();
        lineitem.count();
        List<List<Boolean>> verdicts = new ArrayList<>(List.of(List.of(), List.of()));
        Comparison checks = Rounds.measure(
                warmups,
                rounds,
                run -> Rounds.seconds(() -> verdicts.set(0, strataVerdicts(lineitem, rules))),
                run -> Rounds.seconds(() -> verdicts.set(1, deequVerdicts(lineitem, check, count))),
                (round, strata, deequ) -> System.out.printf(
                        Locale.ROOT,
                        "checks round %d: strata %.2fs, deequ %.2fs, ratio %.3f%n",
                        round,
                        strata,
                        deequ,
                        strata / deequ));
        if (verdicts.get(0).isEmpty()) {
            verdicts.set(0, strataVerdicts(lineitem, rules));
            verdicts.set(1, deequVerdicts(lineitem, check, count));
        }
        lineitem.unpersist();
        String loadAfter = BenchSetup.loadAverage();
        spark.stop();

        List<Boolean> strataPassed = verdicts.get(0);
        List<Boolean> deequPassed = verdicts.get(1);
        List<Map<String, Object>> verdictEntries = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("check", rules.get(i).displayName());
            verdict.put("strata_passed", strataPassed.get(i));
            verdict.put("deequ_passed", deequPassed.get(i));
            verdictEntries.add(verdict);
            if (!strataPassed.get(i).equals(deequPassed.get(i))) {
                disagreements.add(rules.get(i).displayName() + ": strata " + (strataPassed.get(i) ? "pass" : "fail")
                        + ", deequ " + (deequPassed.get(i) ? "pass" : "fail"));
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "checks: %d of %d pass in Strata, %d in Deequ; %s%n",
                strataPassed.stream().filter(b -> b).count(),
                rules.size(),
                deequPassed.stream().filter(b -> b).count(),
                disagreements.isEmpty() ? "both agree on every check" : "DISAGREEMENTS: " + disagreements);
        System.out.printf(
                Locale.ROOT,
                "(a) pipeline: %d rules %.2fs, no rules %.2fs (medians); median ratio %.3f (goal <= 1.10)%n",
                count,
                pipeline.firstMedian(),
                pipeline.secondMedian(),
                pipeline.medianRatio());
        System.out.printf(
                Locale.ROOT,
                "(b) checks: strata %.2fs, deequ %.2fs (medians); median ratio %.3f (goal <= 0.5)%n",
                checks.firstMedian(),
                checks.secondMedian(),
                checks.medianRatio());
        System.out.println("load average (1, 5, 15 min): before " + loadBefore + ", after " + loadAfter);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "quality");
        result.put("measured_at", Instant.now().toString());
        result.put("scale", scale);
        result.put("rows", rows);
        result.put("checks", count);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("load_average_before", loadBefore);
        result.put("load_average_after", loadAfter);
        result.put("rounds", rounds);
        result.put("warmups", warmups);
        result.put("pipeline_overhead", entry(pipeline, "rules_seconds", "no_rules_seconds", "<= 1.10"));
        Map<String, Object> checksEntry = entry(checks, "strata_seconds", "deequ_seconds", "<= 0.5");
        checksEntry.put("disagreements", disagreements);
        checksEntry.put("verdicts", verdictEntries);
        result.put("checks_vs_deequ", checksEntry);
        String table = new Results.Table(
                                "benchmark", "rows", "strata (median s)", "baseline (median s)", "median ratio", "goal")
                        .row(tableRow(
                                "TPC-H sf " + label + " bronze append: " + count + " rules vs no rules",
                                rows,
                                pipeline,
                                "<= 1.10"))
                        .row(tableRow(
                                "TPC-H sf " + label + " " + count + " checks: Strata vs Deequ", rows, checks, "<= 0.5"))
                + String.format(
                        Locale.ROOT,
                        "%nPass/fail of the checks: %s. Load average (1, 5, 15 min) before %s, after %s; %d cores.%n",
                        disagreements.isEmpty() ? "Strata and Deequ agree on all" : "disagreements: " + disagreements,
                        loadBefore,
                        loadAfter,
                        Runtime.getRuntime().availableProcessors());
        Results.write("quality-sf" + label + (withoutUnique ? "-without-unique" : ""), result, table);
    }

    /** One comparison's part of the JSON results: both sides' seconds, the ratios, their median and the goal. */
    private static Map<String, Object> entry(Comparison comparison, String first, String second, String goal) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(first, comparison.first());
        entry.put(second, comparison.second());
        entry.put("ratios", comparison.ratios());
        entry.put("median_ratio", comparison.medianRatio());
        entry.put("goal", goal);
        return entry;
    }

    private static Object[] tableRow(String benchmark, long rows, Comparison comparison, String goal) {
        return new Object[] {
            benchmark,
            rows,
            Results.seconds(comparison.firstMedian()),
            Results.seconds(comparison.secondMedian()),
            Results.ratio(comparison.medianRatio()),
            goal
        };
    }

    static Path writePipeline(Path file, Path data, List<String> rules) throws IOException {
        String yaml = "name: quality-bench\n"
                + "storage: {root: \"${STRATA_LAKEHOUSE}\", format: delta}\n"
                + "sources:\n"
                + "  lineitem: {format: parquet, path: \"" + data.toAbsolutePath() + "\"}\n"
                + "datasets:\n"
                + "  " + DATASET + ":\n"
                + "    from: lineitem\n"
                + "    write: {mode: append}\n"
                + (rules.isEmpty() ? "" : "    expect:\n" + String.join("\n", rules) + "\n");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    static Pipeline load(Path file, Path lakehouse) {
        return BenchSetup.pipeline(file, Map.of("STRATA_LAKEHOUSE", lakehouse.toString()));
    }

    /** The rules of the benchmark's pipeline, exactly as its run parses them. */
    private static List<RuleSpec> rules(Path pipelineFile, int count) {
        DatasetSpec dataset =
                load(pipelineFile, Path.of("unused")).spec().datasets().get(DATASET);
        if (dataset == null || dataset.expect().size() != count) {
            throw new IllegalStateException(
                    "Cannot read the " + count + " rules of " + DATASET + " from " + pipelineFile);
        }
        return dataset.expect();
    }

    /** One pipeline run on a fresh storage root; the seconds of the run, its storage then deleted. */
    private static double run(SparkSession spark, Path pipelineFile, Path lakehouse) {
        double seconds = BenchSetup.strataRun(spark, load(pipelineFile, lakehouse));
        BenchSetup.delete(lakehouse);
        return seconds;
    }

    private static List<Boolean> strataVerdicts(Dataset<Row> rows, List<RuleSpec> rules) {
        List<RuleResult> results = QualityCheck.evaluate(rows, rules).rules();
        if (results.size() != rules.size()) {
            throw new IllegalStateException("Expected " + rules.size() + " rule results, got " + results);
        }
        return results.stream().map(r -> r.status() == RuleStatus.PASSED).toList();
    }

    /** Deequ's verdicts, in the order of {@link #deequCheck()}'s constraints. */
    static List<Boolean> deequVerdicts(Dataset<Row> rows, Check check, int count) {
        VerificationResult result =
                new VerificationSuite().onData(rows).addCheck(check).run();
        CheckResult checked = result.checkResults().apply(check);
        List<ConstraintResult> constraints = JavaConverters.seqAsJavaList(checked.constraintResults());
        if (constraints.size() != count) {
            throw new IllegalStateException("Expected " + count + " Deequ constraint results, got " + constraints);
        }
        return constraints.stream()
                .map(c -> c.status() == ConstraintStatus.Success())
                .toList();
    }

    /**
     * The 20 rules of {@link #RULES} as Deequ constraints. Row rules become compliance constraints with the same SQL
     * predicate, since Deequ's {@code isContainedIn} lets NULL pass and Strata's between and in_set fail it.
     */
    static Check deequCheck(boolean withoutUnique) {
        Option<String> none = Option.empty();
        scala.collection.immutable.List<String> noColumns =
                JavaConverters.asScalaBuffer(List.<String>of()).toList();
        Function1<Object, Object> all = is(v -> v == 1.0);
        Check check = new Check(
                CheckLevel.Warning(),
                "lineitem",
                JavaConverters.asScalaBuffer(List.<com.amazon.deequ.constraints.Constraint>of()));
        check = check.isComplete("orderkey", none, Option.empty());
        check = check.isComplete("partkey", none, Option.empty());
        check = check.isComplete("shipdate", none, Option.empty());
        if (!withoutUnique) {
            check = check.hasUniqueness(seq("orderkey", "linenumber"), all);
        }
        check = check.satisfies(
                "quantity >= 1 AND quantity <= 50", "between(quantity)", all, none, noColumns, Option.empty());
        check = check.satisfies(
                "discount >= 0 AND discount <= 0.10", "between(discount)", all, none, noColumns, Option.empty());
        check = check.satisfies("tax >= 0 AND tax <= 0.08", "between(tax)", all, none, noColumns, Option.empty());
        check = check.satisfies(
                "extendedprice >= 0 AND extendedprice <= 200000",
                "between(extendedprice)",
                all,
                none,
                noColumns,
                Option.empty());
        check = check.satisfies(
                "returnflag IN ('A', 'N', 'R')", "in_set(returnflag)", all, none, noColumns, Option.empty());
        check = check.satisfies("linestatus IN ('O', 'F')", "in_set(linestatus)", all, none, noColumns, Option.empty());
        check = check.satisfies(
                "shipmode IN ('REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB')",
                "in_set(shipmode)",
                all,
                none,
                noColumns,
                Option.empty());
        check = check.hasPattern("shipinstruct", new Regex(SHIP_INSTRUCT, seq()), all, none, none, Option.empty());
        check = check.satisfies("receiptdate >= shipdate", "receipt_after_ship", all, none, noColumns, Option.empty());
        check = check.hasCompleteness("comment", is(v -> v >= 0.99), none, Option.empty());
        check = check.hasMean("quantity", is(v -> v >= 20 && v <= 30), none);
        check = check.hasMin("discount", is(v -> v >= 0), none, Option.empty());
        check = check.hasMax("discount", is(v -> v <= 0.10), none, Option.empty());
        check = check.hasStandardDeviation("quantity", is(v -> v >= 10 && v <= 20), none);
        check = check.hasSize(is(v -> v >= 1), none);
        check = check.hasSum("quantity", is(v -> v >= 1), none);
        return check;
    }

    /** A Deequ assertion on a metric value (a Double, or a Long for the size). */
    private static Function1<Object, Object> is(DoublePredicate test) {
        return value -> test.test(((Number) value).doubleValue());
    }

    private static Seq<String> seq(String... values) {
        return JavaConverters.asScalaBuffer(List.of(values));
    }
}
