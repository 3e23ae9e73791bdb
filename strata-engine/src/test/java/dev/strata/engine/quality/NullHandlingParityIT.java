package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Uniqueness;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.metrics.DoubleMetric;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.RuleResult;
import dev.strata.core.spec.NullHandling;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * {@code nulls: pass | fail | ignore}, per-bound strictness and {@code unique} over NULL keys, on 60 rows with NULLs:
 * {@code pass} against Deequ's own {@code isContainedIn} checks, {@code ignore} against Great Expectations' definition
 * (unexpected values over non-NULL values), and every value against a count by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NullHandlingParityIT {
    private static final int ROWS = 60;
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("qty", DataTypes.IntegerType)
            .add("country", DataTypes.StringType);

    private final List<Row> rows = rows();
    private Dataset<Row> df;
    private Map<String, RuleResult> results;
    private Map<MetricKey, Double> metrics;

    /** id repeats every 7th row's id and is NULL on every 9th; qty is NULL on every 6th; country on every 4th. */
    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Integer id = i % 9 == 0 ? null : i % 7 == 0 ? 1 : i;
            Integer qty = i % 6 == 0 ? null : (i * 13) % 60;
            String country = i % 4 == 0 ? null : List.of("DE", "FR", "US").get(i % 3);
            rows.add(RowFactory.create(id, qty, country));
        }
        return rows;
    }

    @BeforeAll
    void evaluate() {
        df = SharedSpark.session().createDataFrame(rows, SCHEMA).repartition(2);
        List<RuleSpec> rules = new ArrayList<>();
        for (NullHandling nulls : NullHandling.values()) {
            rules.add(RuleSpec.builder(RuleType.IN_SET)
                    .name("in_set " + nulls.id())
                    .column("country")
                    .values(List.of("DE", "FR"))
                    .nulls(nulls)
                    .build());
            rules.add(RuleSpec.builder(RuleType.BETWEEN)
                    .name("between " + nulls.id())
                    .column("qty")
                    .min(10)
                    .max(40)
                    .nulls(nulls)
                    .build());
            rules.add(RuleSpec.builder(RuleType.EXPRESSION)
                    .name("expression " + nulls.id())
                    .expression("qty < 30")
                    .nulls(nulls)
                    .build());
        }
        rules.add(RuleSpec.builder(RuleType.BETWEEN)
                .name("between (10, 40]")
                .column("qty")
                .min(10)
                .max(40)
                .strictMin(true)
                .nulls(NullHandling.PASS)
                .build());
        rules.add(RuleSpec.builder(RuleType.BETWEEN)
                .name("between [10, 40)")
                .column("qty")
                .min(10)
                .max(40)
                .strict(true)
                .strictMin(false)
                .nulls(NullHandling.PASS)
                .build());
        rules.add(RuleSpec.builder(RuleType.UNIQUE).column("id").build());
        Verdicts.Verdict verdict = QualityCheck.evaluate(df, rules);
        results = new HashMap<>();
        verdict.rules().forEach(r -> results.put(r.name(), r));
        metrics = new HashMap<>();
        for (MetricValue metric : verdict.metrics()) {
            metrics.put(metric.key(), metric.value());
        }
    }

    @Test
    void inSetWithNullsPassMatchesDeequIsContainedIn() {
        long nulls = count(r -> r.isNullAt(2));
        long allowed = count(r -> !r.isNullAt(2) && List.of("DE", "FR").contains(r.getString(2)));
        assertThat(nulls).as("the fixture has NULL countries").isPositive();

        Check deequ = check().isContainedIn("country", new String[] {"DE", "FR"});
        assertThat(passFraction("in_set pass"))
                .isEqualTo((double) (allowed + nulls) / ROWS)
                .isEqualTo(deequ(deequ));
        assertThat(results.get("in_set pass").checked()).isEqualTo(ROWS);
    }

    @Test
    void inSetWithNullsIgnoreLeavesNullsOutAsGreatExpectationsDoes() {
        long present = count(r -> !r.isNullAt(2));
        long allowed = count(r -> !r.isNullAt(2) && List.of("DE", "FR").contains(r.getString(2)));

        RuleResult ignore = results.get("in_set ignore");
        assertThat(ignore.checked()).isEqualTo(present);
        assertThat(ignore.failed()).isEqualTo(present - allowed);
        assertThat(passFraction("in_set ignore")).isEqualTo((double) allowed / present);
    }

    @Test
    void inSetWithNullsFailCountsNullAsFailing() {
        long allowed = count(r -> !r.isNullAt(2) && List.of("DE", "FR").contains(r.getString(2)));

        assertThat(results.get("in_set fail").failed()).isEqualTo(ROWS - allowed);
        assertThat(passFraction("in_set fail")).isEqualTo((double) allowed / ROWS);
    }

    @Test
    void betweenMatchesDeequIsContainedInForEveryBoundStrictness() {
        long nulls = count(r -> r.isNullAt(1));
        assertThat(passFraction("between pass"))
                .isEqualTo((double) (nulls + qty(q -> q >= 10 && q <= 40)) / ROWS)
                .isEqualTo(deequ(range(true, true)));
        assertThat(passFraction("between (10, 40]"))
                .isEqualTo((double) (nulls + qty(q -> q > 10 && q <= 40)) / ROWS)
                .isEqualTo(deequ(range(false, true)));
        assertThat(passFraction("between [10, 40)"))
                .isEqualTo((double) (nulls + qty(q -> q >= 10 && q < 40)) / ROWS)
                .isEqualTo(deequ(range(true, false)));
        assertThat(List.of(qty(q -> q == 10), qty(q -> q == 40)))
                .as("values on both bounds")
                .containsOnly(1L);
        assertThat(passFraction("between fail")).isEqualTo((double) qty(q -> q >= 10 && q <= 40) / ROWS);
        assertThat(passFraction("between ignore")).isEqualTo((double) qty(q -> q >= 10 && q <= 40) / (ROWS - nulls));
    }

    @Test
    void expressionCountsANullResultByItsNullsSetting() {
        long nulls = count(r -> r.isNullAt(1));
        long passing = qty(q -> q < 30);

        assertThat(passFraction("expression fail")).isEqualTo((double) passing / ROWS);
        assertThat(passFraction("expression pass")).isEqualTo((double) (passing + nulls) / ROWS);
        assertThat(passFraction("expression ignore")).isEqualTo((double) passing / (ROWS - nulls));
    }

    @Test
    void uniquePassRateIsDeequsUniquenessOverRowsWithAKey() {
        Map<Integer, Integer> counts = new HashMap<>();
        rows.stream().filter(r -> !r.isNullAt(0)).forEach(r -> counts.merge(r.getInt(0), 1, Integer::sum));
        long keyed = count(r -> !r.isNullAt(0));
        double uniqueness =
                (double) counts.values().stream().filter(c -> c == 1).count() / keyed;
        assertThat(keyed).as("the fixture has NULL ids").isLessThan(ROWS);

        DoubleMetric deequ = new Uniqueness(JavaConverters.asScalaBuffer(List.of("id")), Option.empty(), Option.empty())
                .calculate(df, Option.empty(), Option.empty(), Option.empty());
        assertThat(results.get("unique(id)").checked()).isEqualTo(keyed);
        assertThat(passFraction("unique(id)"))
                .isEqualTo(uniqueness)
                .isEqualTo(metrics.get(MetricKey.of("uniqueness", "id")))
                .isEqualTo(((Number) deequ.value().get()).doubleValue());
        assertThat(results.get("unique(id)").value()).isEqualTo(uniqueness);
    }

    @Test
    void anAnomalyRuleFindsTheMetricOfAColumnWithASpace() {
        Dataset<Row> spaced = SharedSpark.session().sql("SELECT * FROM VALUES (1.5), (3.0), (NULL) AS t(`my column`)");
        RuleSpec anomaly = RuleSpec.builder(RuleType.ANOMALY)
                .metric("mean(my column)")
                .strategy(dev.strata.core.spec.AnomalyStrategy.SIMPLE_THRESHOLD)
                .min(0)
                .build();

        Verdicts.Verdict verdict = QualityCheck.evaluate(spaced, List.of(anomaly));

        RuleResult result = verdict.rules().get(0);
        assertThat(result.name()).isEqualTo("anomaly(mean(my column))");
        assertThat(result.value()).as(result.message()).isEqualTo(2.25);
        assertThat(verdict.metrics()).extracting(m -> m.key().toString()).contains("mean(my column)");
    }

    private double passFraction(String rule) {
        double stored = metrics.get(MetricKey.of("pass_rate", rule));
        assertThat(results.get(rule).measuredPassFraction()).as(rule).isEqualTo(stored);
        return stored;
    }

    private long count(Predicate<Row> predicate) {
        return rows.stream().filter(predicate).count();
    }

    private long qty(Predicate<Integer> predicate) {
        return count(r -> !r.isNullAt(1) && predicate.test(r.getInt(1)));
    }

    private static Check check() {
        return new Check(CheckLevel.Error(), "nulls", Check.$lessinit$greater$default$3());
    }

    private static Check range(boolean includeLower, boolean includeUpper) {
        Check check = check();
        return check.isContainedIn(
                "qty",
                10.0,
                40.0,
                includeLower,
                includeUpper,
                check.isContainedIn$default$6(),
                check.isContainedIn$default$7());
    }

    /** The compliance Deequ measured for the check's one constraint. */
    private double deequ(Check check) {
        VerificationResult result =
                new VerificationSuite().onData(df).addCheck(check).run();
        ConstraintResult constraint =
                result.checkResults().apply(check).constraintResults().head();
        return ((Number) constraint.metric().get().value().get()).doubleValue();
    }
}
