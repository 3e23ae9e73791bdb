package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.Distinctness;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.PatternMatch;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.metrics.DoubleMetric;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.util.matching.Regex;

/**
 * Strata's quality metrics against Deequ's analyzers on the same 200 rows (NULLs, duplicate keys, a composite key with
 * NULL parts, negative amounts, malformed emails): each metric must equal Deequ's, and the value counted by hand from
 * the rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeequParityIT {
    private static final int ROWS = 200;
    private static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$";
    private static final String EXPRESSION = "amount >= 0 OR qty > 10";
    private static final StructType SCHEMA = new StructType()
            .add("order_id", DataTypes.LongType)
            .add("a", DataTypes.StringType)
            .add("b", DataTypes.IntegerType)
            .add("amount", DataTypes.DoubleType)
            .add("qty", DataTypes.IntegerType)
            .add("email", DataTypes.StringType);

    private final SparkSession spark = SharedSpark.session();
    private final List<Row> rows = rows();
    private Dataset<Row> df;
    private Map<MetricKey, Double> strata;

    /** The fixture: every value a function of the row number, so the counts below are known. */
    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            // Rows 160.. repeat the order ids 110..149.
            Long orderId = i % 17 == 0 ? null : (long) (i < 160 ? i : i - 50);
            // Rows 185.. repeat the (a, b) keys of rows 65..79; a or b alone is NULL on some rows, both on 0, 90, 180.
            int k = i >= 185 ? i - 120 : i;
            String a = k % 9 == 0 ? null : "k" + (k % 6);
            Integer b = k % 10 == 0 ? null : k % 37;
            Double amount = i % 13 == 0 ? null : (i - 70) * 1.25;
            Integer qty = i % 19 == 0 ? null : (i * 7) % 60 - 3;
            String email;
            if (i % 11 == 0) {
                email = null;
            } else if (i % 23 == 0) {
                email = "user" + i + "@example";
            } else if (i % 29 == 0) {
                email = "user " + i + "@example.org";
            } else if (i % 31 == 0) {
                email = "@example.com";
            } else {
                email = "user" + i + "@example.com";
            }
            rows.add(RowFactory.create(orderId, a, b, amount, qty, email));
        }
        return rows;
    }

    @BeforeAll
    void evaluate() {
        df = spark.createDataFrame(rows, SCHEMA).repartition(2);
        List<RuleSpec> rules = List.of(
                RuleSpec.builder(RuleType.UNIQUE).column("order_id").build(),
                RuleSpec.builder(RuleType.UNIQUE).columns(List.of("a", "b")).build(),
                RuleSpec.builder(RuleType.BETWEEN).column("qty").min(1).max(50).build(),
                RuleSpec.builder(RuleType.EXPRESSION)
                        .name("amount_or_qty")
                        .expression(EXPRESSION)
                        .build(),
                RuleSpec.builder(RuleType.REGEX).column("email").pattern(EMAIL).build(),
                // Names amount, so its min, max, mean, stddev and sum are measured (columns no rule names get their
                // completeness only).
                RuleSpec.builder(RuleType.MEAN)
                        .column("amount")
                        .min(-1e9)
                        .max(1e9)
                        .build());
        strata = new HashMap<>();
        for (MetricValue metric : QualityCheck.evaluate(df, rules).metrics()) {
            strata.put(metric.key(), metric.value());
        }
    }

    @Test
    void completenessMatchesDeequ() {
        long nonNull = rows.stream().filter(r -> !r.isNullAt(5)).count();
        double expected = (double) nonNull / ROWS;
        assertThat(expected).as("the fixture has NULL emails").isLessThan(1.0);
        assertThat(metric("completeness(email)")).isEqualTo(expected);
        assertThat(deequ(new Completeness("email", Option.empty(), Option.empty())))
                .isEqualTo(expected);
        assertThat(metric("completeness(amount)"))
                .isEqualTo(deequ(new Completeness("amount", Option.empty(), Option.empty())));
    }

    @Test
    void singleColumnUniquenessAndDistinctnessMatchDeequ() {
        Map<List<Object>, Integer> counts = keyCounts("order_id");
        int keyed = counts.values().stream().mapToInt(Integer::intValue).sum();
        double uniqueness =
                (double) counts.values().stream().filter(c -> c == 1).count() / keyed;
        double distinctness = (double) counts.size() / keyed;
        assertThat(uniqueness).as("the fixture has duplicate order ids").isStrictlyBetween(0.0, 1.0);

        assertThat(metric("uniqueness(order_id)")).isEqualTo(uniqueness);
        assertThat(deequ(new Uniqueness(seq("order_id"), Option.empty(), Option.empty())))
                .isEqualTo(uniqueness);
        assertThat(metric("distinctness(order_id)")).isEqualTo(distinctness);
        assertThat(deequ(new Distinctness(seq("order_id"), Option.empty()))).isEqualTo(distinctness);
    }

    @Test
    void compositeUniquenessWithNullPartsMatchesDeequ() {
        Map<List<Object>, Integer> counts = keyCounts("a", "b");
        int keyed = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(keyed)
                .as("rows whose key is NULL in both columns are left out")
                .isEqualTo(ROWS - 3);
        assertThat(counts.keySet()).as("NULL in one part is a key value").anyMatch(k -> k.contains(null));
        double uniqueness =
                (double) counts.values().stream().filter(c -> c == 1).count() / keyed;
        double distinctness = (double) counts.size() / keyed;
        assertThat(uniqueness).isStrictlyBetween(0.0, 1.0);

        assertThat(metric("uniqueness(a,b)")).isEqualTo(uniqueness);
        assertThat(deequ(new Uniqueness(seq("a", "b"), Option.empty(), Option.empty())))
                .isEqualTo(uniqueness);
        assertThat(metric("distinctness(a,b)")).isEqualTo(distinctness);
        assertThat(deequ(new Distinctness(seq("a", "b"), Option.empty()))).isEqualTo(distinctness);
    }

    @Test
    void betweenPassRateMatchesDeequCompliance() {
        // A NULL qty fails, as in Deequ's compliance.
        long passing = rows.stream()
                .filter(r -> !r.isNullAt(4) && r.getInt(4) >= 1 && r.getInt(4) <= 50)
                .count();
        double expected = (double) passing / ROWS;
        assertThat(expected).isStrictlyBetween(0.0, 1.0);
        assertThat(metric("pass_rate(between(qty))")).isEqualTo(expected);
        assertThat(deequ(compliance("qty in 1..50", "qty >= 1 AND qty <= 50"))).isEqualTo(expected);
    }

    @Test
    void expressionPassRateMatchesDeequCompliance() {
        // SQL's three-valued OR: true if either side is true; NULL (a failure) if neither is and one is NULL.
        long passing = rows.stream()
                .filter(r -> {
                    Boolean positive = r.isNullAt(3) ? null : r.getDouble(3) >= 0;
                    Boolean big = r.isNullAt(4) ? null : r.getInt(4) > 10;
                    return Boolean.TRUE.equals(positive) || Boolean.TRUE.equals(big);
                })
                .count();
        double expected = (double) passing / ROWS;
        assertThat(expected).isStrictlyBetween(0.0, 1.0);
        assertThat(metric("pass_rate(amount_or_qty)")).isEqualTo(expected);
        assertThat(deequ(compliance("amount_or_qty", EXPRESSION))).isEqualTo(expected);
    }

    @Test
    void regexPassRateMatchesDeequPatternMatch() {
        Pattern email = Pattern.compile(EMAIL);
        long passing = rows.stream()
                .filter(r -> !r.isNullAt(5) && email.matcher(r.getString(5)).find())
                .count();
        long nonNull = rows.stream().filter(r -> !r.isNullAt(5)).count();
        double expected = (double) passing / ROWS;
        assertThat(passing).as("the fixture has malformed emails").isLessThan(nonNull);
        assertThat(metric("pass_rate(regex(email))")).isEqualTo(expected);
        assertThat(deequ(new PatternMatch(
                        "email",
                        new Regex(EMAIL, JavaConverters.asScalaBuffer(List.<String>of())),
                        Option.empty(),
                        Option.empty())))
                .isEqualTo(expected);
    }

    @Test
    void numericMetricsMatchDeequ() {
        double[] amounts = rows.stream()
                .filter(r -> !r.isNullAt(3))
                .mapToDouble(r -> r.getDouble(3))
                .toArray();
        double min = Arrays.stream(amounts).min().orElseThrow();
        double max = Arrays.stream(amounts).max().orElseThrow();
        double sum = Arrays.stream(amounts).sum();
        double mean = sum / amounts.length;
        double stddev = Math.sqrt(
                Arrays.stream(amounts).map(x -> (x - mean) * (x - mean)).sum() / amounts.length);
        assertThat(min).as("the fixture has negative amounts").isNegative();

        // Every amount is a multiple of 0.25, so min, max and sum are exact in any order of addition.
        assertThat(metric("min(amount)")).isEqualTo(min);
        assertThat(deequ(new Minimum("amount", Option.empty(), Option.empty()))).isEqualTo(min);
        assertThat(metric("max(amount)")).isEqualTo(max);
        assertThat(deequ(new Maximum("amount", Option.empty(), Option.empty()))).isEqualTo(max);
        assertThat(metric("sum(amount)")).isEqualTo(sum);
        assertThat(deequ(new Sum("amount", Option.empty()))).isEqualTo(sum);

        double deequMean = deequ(new Mean("amount", Option.empty()));
        double deequStddev = deequ(new StandardDeviation("amount", Option.empty()));
        assertThat(metric("mean(amount)")).isCloseTo(deequMean, Percentage.withPercentage(1e-7));
        assertThat(deequMean).isCloseTo(mean, Percentage.withPercentage(1e-7));
        assertThat(metric("stddev(amount)"))
                .as("population standard deviation")
                .isCloseTo(deequStddev, Percentage.withPercentage(1e-7));
        assertThat(deequStddev).isCloseTo(stddev, Percentage.withPercentage(1e-7));
        assertThat(metric("mean(qty)"))
                .isCloseTo(deequ(new Mean("qty", Option.empty())), Percentage.withPercentage(1e-7));
    }

    private double metric(String key) {
        Double value = strata.get(MetricKey.parse(key));
        assertThat(value).as("Strata's metric %s", key).isNotNull();
        return value;
    }

    private double deequ(Analyzer<?, DoubleMetric> analyzer) {
        DoubleMetric metric = analyzer.calculate(df, Option.empty(), Option.empty(), Option.empty());
        return ((Number) metric.value().get()).doubleValue();
    }

    private static Compliance compliance(String name, String predicate) {
        return new Compliance(
                name,
                predicate,
                Option.empty(),
                JavaConverters.asScalaBuffer(List.<String>of()).toList(),
                Option.empty());
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
