package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * uniqueness, distinctness, unique_value_ratio and entropy read one grouping of their columns, and none beside a
 * unique rule on the same columns when every row is written: the values stay the same, the jobs do not grow.
 */
class FrequencySharingTest {
    private final SparkSession spark = SharedSpark.session();
    /** k: a, a, b, c, d, d, d, NULL; 7 rows with a key, 2 seen once, 4 distinct. */
    private final Dataset<Row> rows = spark.sql("SELECT * FROM VALUES ('a', 1), ('a', 2), ('b', 3), ('c', 4), ('d', 5),"
            + " ('d', 6), ('d', 7), (NULL, 8) AS t(k, n)");

    private static List<RuleSpec> ratios() {
        List<RuleSpec> rules = new ArrayList<>();
        for (RuleType type :
                List.of(RuleType.UNIQUENESS, RuleType.DISTINCTNESS, RuleType.UNIQUE_VALUE_RATIO, RuleType.ENTROPY)) {
            rules.add(RuleSpec.builder(type).column("k").min(0).build());
        }
        return rules;
    }

    private static RuleSpec unique(OnFail onFail) {
        return RuleSpec.builder(RuleType.UNIQUE).column("k").onFail(onFail).build();
    }

    /** The jobs {@code rules} run on the rows, and the values they measure. */
    private Verdicts.Verdict evaluate(List<RuleSpec> rules, AtomicInteger jobs) throws Exception {
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart event) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(counter);
        try {
            return QualityCheck.evaluate(rows, rules);
        } finally {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(counter);
        }
    }

    private static double value(Verdicts.Verdict verdict, String rule) {
        return verdict.metrics().stream()
                .filter(m -> m.key().equals(MetricKey.of("value", rule)))
                .mapToDouble(MetricValue::value)
                .findFirst()
                .orElseThrow();
    }

    private static void assertDeequsValues(Verdicts.Verdict verdict) {
        assertThat(value(verdict, "uniqueness(k)")).isEqualTo(2.0 / 7);
        assertThat(value(verdict, "distinctness(k)")).isEqualTo(4.0 / 7);
        assertThat(value(verdict, "unique_value_ratio(k)")).isEqualTo(2.0 / 4);
        // a twice, d three times: ln 7 - (2 ln 2 + 3 ln 3) / 7
        assertThat(value(verdict, "entropy(k)"))
                .isCloseTo(Math.log(7) - (2 * Math.log(2) + 3 * Math.log(3)) / 7, within(1e-12));
    }

    @Test
    void fourRulesOnOneColumnRunOneGrouping() throws Exception {
        AtomicInteger none = new AtomicInteger();
        evaluate(List.of(RuleSpec.builder(RuleType.ROW_COUNT).min(0).build()), none);
        AtomicInteger one = new AtomicInteger();
        List<RuleSpec> first = new ArrayList<>(ratios().subList(0, 1));
        first.add(RuleSpec.builder(RuleType.ROW_COUNT).min(0).build());
        evaluate(first, one);
        AtomicInteger four = new AtomicInteger();
        List<RuleSpec> all = new ArrayList<>(ratios());
        all.add(RuleSpec.builder(RuleType.ROW_COUNT).min(0).build());

        Verdicts.Verdict verdict = evaluate(all, four);

        assertDeequsValues(verdict);
        assertThat(one.get()).as("one rule adds its grouping").isGreaterThan(none.get());
        assertThat(four.get()).as("four rules on the same column add no more").isEqualTo(one.get());
    }

    @Test
    void reuseTheGroupingOfAUniqueRuleWhenEveryRowIsWritten() throws Exception {
        AtomicInteger alone = new AtomicInteger();
        evaluate(List.of(unique(OnFail.WARN)), alone);
        AtomicInteger with = new AtomicInteger();
        List<RuleSpec> rules = new ArrayList<>(ratios());
        rules.add(unique(OnFail.WARN));

        Verdicts.Verdict verdict = evaluate(rules, with);

        assertDeequsValues(verdict);
        assertThat(with.get()).as("no grouping beside the unique rule's").isEqualTo(alone.get());
    }

    @Test
    void groupTheWrittenRowsWhenAUniqueRuleQuarantines() {
        List<RuleSpec> rules = new ArrayList<>(ratios());
        rules.add(unique(OnFail.QUARANTINE));

        Verdicts.Verdict verdict = QualityCheck.evaluate(rows, rules);

        // Written: b, c and NULL (a and d quarantined): 2 rows with a key, both seen once.
        assertThat(verdict.metrics())
                .as("every row is written or quarantined")
                .contains(
                        MetricValue.of(MetricKey.of("row_count"), 3),
                        MetricValue.of(MetricKey.of("rows_quarantined"), 5));
        assertThat(value(verdict, "uniqueness(k)")).isEqualTo(1.0);
        assertThat(value(verdict, "distinctness(k)")).isEqualTo(1.0);
        assertThat(value(verdict, "entropy(k)")).isCloseTo(Math.log(2), within(1e-12));
    }
}
