package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.ApproxQuantile;
import com.amazon.deequ.analyzers.Distinctness;
import com.amazon.deequ.analyzers.Entropy;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.UniqueValueRatio;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.comparison.ReferentialIntegrity$;
import com.amazon.deequ.metrics.DoubleMetric;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleSpecBuilder;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The rule kinds uniqueness, distinctness, unique_value_ratio, entropy, variance, stddev, approx_quantile,
 * approx_count_distinct and references' subset ratio against Deequ's analyzers on the same rows: each value equals
 * Deequ's and the value counted by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleKindsParityIT {
    private static final int ROWS = 240;
    private static final StructType SCHEMA = new StructType()
            .add("country", DataTypes.StringType)
            .add("city", DataTypes.StringType)
            .add("amount", DataTypes.DoubleType)
            .add("customer_id", DataTypes.LongType);

    private final SparkSession spark = SharedSpark.session();
    private final List<Row> rows = rows();
    private Dataset<Row> df;
    private Dataset<Row> customers;
    private Verdicts.Verdict verdict;
    private final Map<MetricKey, Double> strata = new HashMap<>();

    /** Every value a function of the row number: NULLs, skewed countries, (country, city) keys with NULL parts. */
    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            // Countries c0..c29 with skewed counts, c100+ once each, NULL every 13th row.
            String country = i % 13 == 0 ? null : i < 200 ? "c" + (i * i % 30) : "c" + (100 + i);
            String city = i % 7 == 0 ? null : "t" + (i % 4);
            Double amount = i % 11 == 0 ? null : (i % 37 - 10) * 2.5 + i / 8.0;
            // Customers 0..199 exist; 200.. (one row each, rows 230..) do not; NULL every 17th row.
            Long customer = i % 17 == 0 ? null : i < 230 ? (long) (i % 200) : (long) (i + 1000);
            rows.add(RowFactory.create(country, city, amount, customer));
        }
        return rows;
    }

    private static RuleSpecBuilder rule(RuleType type, String name) {
        return RuleSpec.builder(type).name(name).min(-1e12);
    }

    @BeforeAll
    void evaluate() {
        df = spark.createDataFrame(rows, SCHEMA).repartition(2);
        customers = spark.range(200).toDF("customer_id");
        List<RuleSpec> rules = List.of(
                rule(RuleType.UNIQUENESS, "uniqueness").column("country").build(),
                rule(RuleType.DISTINCTNESS, "distinctness").column("country").build(),
                rule(RuleType.UNIQUE_VALUE_RATIO, "uvr").column("country").build(),
                rule(RuleType.ENTROPY, "entropy").column("country").build(),
                rule(RuleType.UNIQUENESS, "uniqueness2")
                        .columns(List.of("country", "city"))
                        .build(),
                rule(RuleType.DISTINCTNESS, "distinctness2")
                        .columns(List.of("country", "city"))
                        .build(),
                rule(RuleType.UNIQUE_VALUE_RATIO, "uvr2")
                        .columns(List.of("country", "city"))
                        .build(),
                rule(RuleType.VARIANCE, "variance").column("amount").build(),
                rule(RuleType.VARIANCE, "variance_sample")
                        .column("amount")
                        .sample(true)
                        .build(),
                rule(RuleType.STDDEV, "stddev").column("amount").build(),
                rule(RuleType.STDDEV, "stddev_sample")
                        .column("amount")
                        .sample(true)
                        .build(),
                rule(RuleType.APPROX_QUANTILE, "median")
                        .column("amount")
                        .quantile(0.5)
                        .build(),
                rule(RuleType.APPROX_QUANTILE, "p90")
                        .column("amount")
                        .quantile(0.9)
                        .build(),
                rule(RuleType.APPROX_COUNT_DISTINCT, "acd").column("country").build(),
                RuleSpec.builder(RuleType.REFERENCES)
                        .name("customer_found")
                        .column("customer_id")
                        .references("silver.customers.customer_id")
                        .min(0.9)
                        .build());
        verdict = QualityCheck.evaluate(df, rules, name -> customers, MetricHistory.none());
        for (MetricValue metric : verdict.metrics()) {
            strata.put(metric.key(), metric.value());
        }
    }

    @Test
    void frequencyRatiosOfOneColumnMatchDeequ() {
        Map<List<Object>, Integer> counts = keyCounts("country");
        int keyed = counts.values().stream().mapToInt(Integer::intValue).sum();
        long once = counts.values().stream().filter(c -> c == 1).count();
        assertThat(once)
                .as("the fixture has values seen once and repeated ones")
                .isBetween(1L, (long) counts.size() - 1);

        assertThat(value("uniqueness")).isEqualTo((double) once / keyed);
        assertThat(value("uniqueness"))
                .isEqualTo(deequ(new Uniqueness(seq("country"), Option.empty(), Option.empty())));
        assertThat(value("distinctness")).isEqualTo((double) counts.size() / keyed);
        assertThat(value("distinctness")).isEqualTo(deequ(new Distinctness(seq("country"), Option.empty())));
        assertThat(value("uvr")).isEqualTo((double) once / counts.size());
        assertThat(value("uvr")).isEqualTo(deequ(new UniqueValueRatio(seq("country"), Option.empty(), Option.empty())));
    }

    @Test
    void frequencyRatiosOfAColumnPairWithNullPartsMatchDeequ() {
        Map<List<Object>, Integer> counts = keyCounts("country", "city");
        int keyed = counts.values().stream().mapToInt(Integer::intValue).sum();
        long once = counts.values().stream().filter(c -> c == 1).count();
        assertThat(keyed).as("rows NULL in both columns are left out").isLessThan(ROWS);
        assertThat(counts.keySet()).anyMatch(k -> k.contains(null));

        Seq<String> pair = seq("country", "city");
        assertThat(value("uniqueness2")).isEqualTo((double) once / keyed);
        assertThat(value("uniqueness2")).isEqualTo(deequ(new Uniqueness(pair, Option.empty(), Option.empty())));
        assertThat(value("distinctness2")).isEqualTo(deequ(new Distinctness(pair, Option.empty())));
        assertThat(value("uvr2")).isEqualTo(deequ(new UniqueValueRatio(pair, Option.empty(), Option.empty())));
        assertThat(value("uvr2")).isEqualTo((double) once / counts.size());
    }

    @Test
    void entropyMatchesDeequ() {
        Map<List<Object>, Integer> counts = keyCounts("country");
        double n = counts.values().stream().mapToInt(Integer::intValue).sum();
        double byHand = -counts.values().stream()
                .mapToDouble(c -> c / n * Math.log(c / n))
                .sum();

        // Both sum floating-point terms in an order the partitioning decides: equal to 1e-12, not to the last bit.
        assertThat(value("entropy")).isCloseTo(byHand, Offset.offset(1e-12));
        assertThat(value("entropy")).isCloseTo(deequ(new Entropy("country", Option.empty())), Offset.offset(1e-12));
    }

    @Test
    void varianceIsDeequsStandardDeviationSquaredAndSampleDividesByNMinusOne() {
        double[] amounts = rows.stream()
                .filter(r -> !r.isNullAt(2))
                .mapToDouble(r -> r.getDouble(2))
                .toArray();
        double mean = Arrays.stream(amounts).average().orElseThrow();
        double m2 = Arrays.stream(amounts).map(x -> (x - mean) * (x - mean)).sum();
        double deequStddev = deequ(new StandardDeviation("amount", Option.empty()));

        assertThat(value("variance")).isCloseTo(m2 / amounts.length, Offset.offset(1e-9));
        assertThat(value("variance")).isCloseTo(deequStddev * deequStddev, Offset.offset(1e-9));
        // Spark's stddev_pop and Deequ's own aggregate update the moments in a different order.
        assertThat(value("stddev")).isCloseTo(deequStddev, Offset.offset(deequStddev * 1e-14));
        assertThat(value("variance_sample")).isCloseTo(m2 / (amounts.length - 1), Offset.offset(1e-9));
        assertThat(value("stddev_sample")).isEqualTo(Math.sqrt(value("variance_sample")));
        assertThat(value("stddev_sample")).isGreaterThan(value("stddev"));
    }

    @Test
    void approxQuantileMatchesDeequsDefaultRelativeError() {
        double deequMedian = deequ(new ApproxQuantile("amount", 0.5, 0.01, Option.empty()));
        double deequP90 = deequ(new ApproxQuantile("amount", 0.9, 0.01, Option.empty()));

        assertThat(value("median")).isEqualTo(deequMedian);
        assertThat(value("p90")).isEqualTo(deequP90);
        double[] sorted = rows.stream()
                .filter(r -> !r.isNullAt(2))
                .mapToDouble(r -> r.getDouble(2))
                .sorted()
                .toArray();
        assertThat(sorted)
                .as("more values than 1 / relative error: an estimate")
                .hasSizeGreaterThan(100);
        assertRankWithinError(sorted, value("median"), 0.5);
        assertRankWithinError(sorted, value("p90"), 0.9);
    }

    /** The estimate is a value whose rank is within 1% of the n values of {@code q · n}, as the error bound says. */
    private static void assertRankWithinError(double[] sorted, double estimate, double q) {
        long below = Arrays.stream(sorted).filter(x -> x < estimate).count();
        long atMost = Arrays.stream(sorted).filter(x -> x <= estimate).count();
        assertThat(atMost).as("the estimate is one of the values").isGreaterThan(below);
        double slack = 0.01 * sorted.length;
        assertThat(q * sorted.length).isBetween(below - slack, atMost + slack);
    }

    @Test
    void approxCountDistinctIsDeequsHyperLogLogPlusPlus() {
        long exact = rows.stream()
                .map(r -> r.get(0))
                .filter(Objects::nonNull)
                .distinct()
                .count();
        assertThat(value("acd")).isEqualTo(deequ(new ApproxCountDistinct("country", Option.empty())));
        assertThat(value("acd")).isCloseTo(exact, Offset.offset(exact * 0.15));

        // Thousands of values, where HLL++ no longer counts exactly: still Deequ's number, to the digit.
        Dataset<Row> many = spark.range(0, 20_000)
                .selectExpr("CAST(id % 7919 AS STRING) AS v")
                .repartition(3);
        RuleSpec rule = RuleSpec.builder(RuleType.APPROX_COUNT_DISTINCT)
                .column("v")
                .min(1)
                .build();
        double estimate = valueOf(QualityCheck.evaluate(many, List.of(rule)), "approx_count_distinct(v)");
        double deequ = ((Number) new ApproxCountDistinct("v", Option.empty())
                        .calculate(many, Option.empty(), Option.empty(), Option.empty())
                        .value()
                        .get())
                .doubleValue();
        assertThat(estimate).isEqualTo(deequ).isNotEqualTo(7919.0);
        assertThat(estimate).isCloseTo(7919.0, Offset.offset(7919 * 0.15));
    }

    @Test
    void subsetRatioMatchesDeequWhenNoValueIsNullAndEachMissingValueIsOnce() {
        // The rows with a customer: rows 230.. have customers that do not exist, one row each.
        long valued = rows.stream().filter(r -> !r.isNullAt(3)).count();
        long missing =
                rows.stream().filter(r -> !r.isNullAt(3) && r.getLong(3) >= 200).count();
        double ratio = (double) (valued - missing) / valued;
        assertThat(missing).isEqualTo(9);

        assertThat(strata.get(MetricKey.of("subset_ratio", "customer_found"))).isEqualTo(ratio);
        Dataset<Row> valuedRows = df.where("customer_id IS NOT NULL");
        assertThat(deequSubsetRatio(valuedRows, customers)).isEqualTo(ratio);

        RuleResult result = result("customer_found");
        assertThat(result.status())
                .as("%s >= 0.9, and min alone judges the rule", ratio)
                .isEqualTo(RuleStatus.PASSED);
        assertThat(result.failed()).as("NULL customers fail the row rule").isEqualTo(ROWS - valued + missing);
        assertThat(result.value()).isEqualTo(ratio);
        assertThat(result.expected()).isEqualTo(">= 0.9");
    }

    @Test
    void subsetRatioCountsEveryRowOfAMissingValueWhereDeequCountsTheValueOnce() {
        Dataset<Row> primary = spark.sql("SELECT * FROM VALUES (1), (2), (999), (999), (999) AS t(customer_id)");
        RuleSpec rule = RuleSpec.builder(RuleType.REFERENCES)
                .column("customer_id")
                .references("silver.customers.customer_id")
                .min(0.5)
                .onFail(OnFail.FAIL)
                .build();

        Verdicts.Verdict checked =
                QualityCheck.evaluate(primary, List.of(rule), name -> customers, MetricHistory.none());

        assertThat(valueOf(checked, "subset_ratio", "references(customer_id)")).isEqualTo(0.4);
        assertThat(deequSubsetRatio(primary, customers))
                .as("(5 rows - 1 missing value) / 5")
                .isEqualTo(0.8);
        RuleResult result = checked.rules().get(0);
        assertThat(result.status()).isEqualTo(RuleStatus.FAILED);
        assertThat(result.message()).isEqualTo("references(customer_id): subset ratio 0.4, expected >= 0.5");
    }

    private RuleResult result(String name) {
        return verdict.rules().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private double value(String rule) {
        Double value = strata.get(MetricKey.of("value", rule));
        assertThat(value).as("Strata's value(%s)", rule).isNotNull();
        assertThat(result(rule).status()).as("rule %s was measured", rule).isEqualTo(RuleStatus.PASSED);
        return value;
    }

    private static double valueOf(Verdicts.Verdict verdict, String rule) {
        return valueOf(verdict, "value", rule);
    }

    private static double valueOf(Verdicts.Verdict verdict, String metric, String subject) {
        return verdict.metrics().stream()
                .filter(m -> m.key().equals(MetricKey.of(metric, subject)))
                .mapToDouble(MetricValue::value)
                .findFirst()
                .orElseThrow();
    }

    private double deequ(Analyzer<?, DoubleMetric> analyzer) {
        DoubleMetric metric = analyzer.calculate(df, Option.empty(), Option.empty(), Option.empty());
        return ((Number) metric.value().get()).doubleValue();
    }

    /** The ratio Deequ's subsetCheck hands its assertion. */
    private static double deequSubsetRatio(Dataset<Row> primary, Dataset<Row> reference) {
        AtomicReference<Double> seen = new AtomicReference<>();
        Function1<Object, Object> assertion = ratio -> {
            seen.set((Double) ratio);
            return true;
        };
        ReferentialIntegrity$.MODULE$.subsetCheck(
                primary, seq("customer_id"), reference, seq("customer_id"), assertion);
        return seen.get();
    }

    private static Seq<String> seq(String... columns) {
        return JavaConverters.asScalaBuffer(List.of(columns));
    }

    /** Rows per key, leaving out rows whose key is NULL in every column (as Deequ's frequencies do). */
    private Map<List<Object>, Integer> keyCounts(String... columns) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (Row row : rows) {
            List<Object> key = new ArrayList<>();
            for (String column : columns) {
                key.add(row.get(SCHEMA.fieldIndex(column)));
            }
            if (key.stream().anyMatch(Objects::nonNull)) {
                counts.merge(key, 1, Integer::sum);
            }
        }
        return counts;
    }
}
