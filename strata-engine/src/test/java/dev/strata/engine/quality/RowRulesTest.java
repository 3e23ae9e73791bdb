package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics;
import dev.strata.core.quality.rules.UniqueRule;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RowRulesTest {
    private static Dataset<Row> rows;

    @BeforeAll
    static void fixtures() {
        rows = SharedSpark.session()
                .sql("SELECT * FROM VALUES "
                        + "('o1', 'a@b.com', 10.00, 'EUR'), "
                        + "('o2', 'not-an-email', -1.00, 'USD'), "
                        + "('o3', NULL, 100000.00, 'XXX'), "
                        + "('o3', 'c@d.org', NULL, NULL), "
                        + "(NULL, 'e@f.net', 0.00, 'GBP') "
                        + "AS t(order_id, email, amount, currency)");
    }

    private static RuleSpec rule(
            RuleType type,
            String column,
            String pattern,
            BigDecimal min,
            BigDecimal max,
            List<Object> values,
            String expression,
            String where) {
        return RuleSpec.builder(type)
                .column(column)
                .onFail(OnFail.QUARANTINE)
                .where(where)
                .pattern(pattern)
                .min(min)
                .max(max)
                .values(values)
                .expression(expression)
                .build();
    }

    private static long failing(RuleSpec rule) {
        // A rule may use a window (unique), which Spark allows in a projection but not in a filter.
        return rows.withColumn("failed", RowRules.failed(rule, org.apache.spark.sql.functions.lit(true)))
                .filter("failed")
                .count();
    }

    @Test
    void notNullFailsOnlyNulls() {
        assertThat(failing(RuleSpec.of(RuleType.NOT_NULL, "order_id", OnFail.QUARANTINE)))
                .isEqualTo(1);
    }

    @Test
    void regexCountsNullAsNotMatching() {
        assertThat(failing(rule(RuleType.REGEX, "email", "^[^@\\s]+@[^@\\s]+$", null, null, null, null, null)))
                .as("not-an-email and NULL")
                .isEqualTo(2);
    }

    @Test
    void betweenIsInclusiveByDefaultAndFailsNull() {
        assertThat(failing(rule(
                        RuleType.BETWEEN, "amount", null, BigDecimal.ZERO, new BigDecimal("100000"), null, null, null)))
                .as("-1 and NULL")
                .isEqualTo(2);
    }

    @Test
    void inSetFailsUnknownAndNullValues() {
        assertThat(failing(
                        rule(RuleType.IN_SET, "currency", null, null, null, List.of("EUR", "USD", "GBP"), null, null)))
                .isEqualTo(2);
    }

    @Test
    void expressionFailsFalseAndNull() {
        assertThat(failing(rule(RuleType.EXPRESSION, null, null, null, null, null, "amount >= 0", null)))
                .as("-1 and NULL")
                .isEqualTo(2);
    }

    /** A unique rule's counts, Deequ's way: rows with a key, rows whose key appears once, distinct keys. */
    private record KeyCounts(long keyed, long once, long distinct) {}

    private static KeyCounts keyCounts(BatchMetrics batch, RuleSpec unique) {
        long keyed = batch.count(UniqueRule.keyed(unique));
        Metrics.Repeats repeats = batch.get(UniqueRule.repeated(unique));
        long once = keyed - repeats.rows();
        return new KeyCounts(keyed, once, once + repeats.keys());
    }

    @Test
    void uniqueFailsEveryRowOfARepeatedKeyButNotNullKeys() {
        RuleSpec unique = RuleSpec.of(RuleType.UNIQUE, "order_id", OnFail.QUARANTINE);
        BatchQuality quality = new BatchQuality(List.of(unique));
        try {
            Dataset<Row> flagged = quality.flag(rows, table -> null);
            assertThat(flagged.filter("__strata_f0").count()).isEqualTo(2);
            BatchMetrics batch = quality.measure(flagged);
            assertThat(batch.get(UniqueRule.repeated(unique)).rows()).isEqualTo(2);
            assertThat(keyCounts(batch, unique))
                    .as("o1, o2 once; o3 twice; the NULL id has no key")
                    .isEqualTo(new KeyCounts(4, 2, 3));
        } finally {
            quality.release();
        }
    }

    @Test
    void aWarningUniqueRuleIsMeasuredWithoutJoiningItsKeysBack() {
        RuleSpec unique = RuleSpec.of(RuleType.UNIQUE, "order_id", OnFail.WARN);
        BatchQuality quality = new BatchQuality(List.of(unique));
        try {
            Dataset<Row> flagged = quality.flag(rows, table -> null);
            assertThat(flagged.columns()).as("no row leaves the batch").doesNotContain("__strata_f0", "__strata_kc0");
            BatchMetrics batch = quality.measure(flagged);
            assertThat(batch.get(UniqueRule.repeated(unique)).rows())
                    .as("both o3 rows")
                    .isEqualTo(2);
            assertThat(batch.count(new Metrics.Rows(Metric.Population.BATCH))).isEqualTo(rows.count());
            assertThat(keyCounts(batch, unique)).isEqualTo(new KeyCounts(4, 2, 3));
        } finally {
            quality.release();
        }
    }

    @Test
    void whereLimitsTheRuleToMatchingRows() {
        assertThat(failing(rule(
                        RuleType.REGEX, "email", "^[^@\\s]+@[^@\\s]+$", null, null, null, null, "currency = 'USD'")))
                .isEqualTo(1);
    }

    @Test
    void notInSetFailsForbiddenAndNullValues() {
        assertThat(failing(rule(RuleType.NOT_IN_SET, "currency", null, null, null, List.of("XXX"), null, null)))
                .as("XXX and NULL")
                .isEqualTo(2);
    }

    @Test
    void lengthChecksTheTextAndFailsNull() {
        assertThat(failing(rule(
                        RuleType.LENGTH, "currency", null, new BigDecimal(3), new BigDecimal(3), null, null, null)))
                .as("only the NULL currency has no length 3")
                .isEqualTo(1);
        assertThat(failing(rule(RuleType.LENGTH, "email", null, null, new BigDecimal(7), null, null, null)))
                .as("a@b.com, c@d.org and e@f.net fit; not-an-email and NULL do not")
                .isEqualTo(2);
    }

    @Test
    void typeFailsValuesThatDoNotParse() {
        RuleSpec integer =
                RuleSpec.builder(RuleType.TYPE).column("order_id").type("INT").build();
        assertThat(failing(integer)).as("o1..o3 are not integers, NULL fails").isEqualTo(5);
        RuleSpec decimal = RuleSpec.builder(RuleType.TYPE)
                .column("amount")
                .type("DECIMAL(4,2)")
                .build();
        assertThat(failing(decimal))
                .as("100000.00 overflows DECIMAL(4,2), NULL fails")
                .isEqualTo(2);
    }
}
