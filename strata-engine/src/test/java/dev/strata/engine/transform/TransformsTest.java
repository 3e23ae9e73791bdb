package dev.strata.engine.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.TransformSpec;
import dev.strata.engine.SharedSpark;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static SparkSession spark;
    private static Dataset<Row> orders;

    @BeforeAll
    static void fixtures() {
        spark = SharedSpark.session();
        orders = spark.sql("SELECT * FROM VALUES "
                + "('o1', 'c1', 10.0, TIMESTAMP'2026-11-01 10:00:00'), "
                + "('o1', 'c1', 12.0, TIMESTAMP'2026-11-02 10:00:00'), "
                + "('o2', 'c2', 5.0, TIMESTAMP'2026-11-01 09:00:00'), "
                + "(NULL, 'c3', 7.0, TIMESTAMP'2026-11-01 08:00:00'), "
                + "(NULL, 'c4', 8.0, TIMESTAMP'2026-11-01 08:00:00') "
                + "AS t(order_id, customer_id, amount, ordered_at)");
    }

    private static Dataset<Row> apply(TransformSpec step) {
        return Transforms.apply(
                orders,
                step,
                name -> {
                    throw new AssertionError("no table expected: " + name);
                },
                spark::sql);
    }

    private static List<String> strings(Dataset<Row> rows, String column) {
        return rows.orderBy(column).select(column).collectAsList().stream()
                .map(r -> r.isNullAt(0) ? "NULL" : r.get(0).toString())
                .collect(Collectors.toList());
    }

    @Test
    void dedupeKeepsTheLatestRowPerKeyAndNeverMergesNullKeys() {
        Dataset<Row> deduped = apply(TransformSpec.dedupe(List.of("order_id"), "ordered_at DESC"));
        assertThat(deduped.count()).isEqualTo(4);
        assertThat(deduped.filter("order_id = 'o1'").first().getDecimal(2).doubleValue())
                .as("the later o1 wins")
                .isEqualTo(12.0);
        assertThat(deduped.filter("order_id IS NULL").count()).isEqualTo(2);
    }

    @Test
    void selectKeepsExpressionsInOrder() {
        Dataset<Row> selected = apply(TransformSpec.select(List.of("order_id", "amount * 2 AS doubled")));
        assertThat(selected.columns()).containsExactly("order_id", "doubled");
    }

    @Test
    void renameAndCastChangeNamesAndTypes() {
        Dataset<Row> renamed = apply(TransformSpec.rename(Map.of("customer_id", "cust")));
        assertThat(renamed.columns()).contains("cust").doesNotContain("customer_id");
        Dataset<Row> cast = apply(TransformSpec.cast(Map.of("amount", "INT")));
        assertThat(cast.schema().apply("amount").dataType().typeName()).isEqualTo("integer");
    }

    @Test
    void filterKeepsMatchingRows() {
        assertThat(strings(apply(TransformSpec.filter("amount >= 8")), "amount"))
                .containsExactly("8.0", "10.0", "12.0");
    }

    @Test
    void deriveAddsColumnsFromSql() {
        Dataset<Row> derived = apply(TransformSpec.derive(Map.of("order_date", "CAST(ordered_at AS DATE)")));
        assertThat(strings(derived.filter("order_id = 'o2'"), "order_date")).containsExactly("2026-11-01");
    }

    @Test
    void joinMatchesOnSharedColumnsOrACondition() {
        Dataset<Row> customers =
                spark.sql("SELECT * FROM VALUES ('c1', 'gold'), ('c2', 'bronze') AS t(customer_id, tier)");
        Dataset<Row> byColumn = Transforms.apply(
                orders,
                TransformSpec.join(new TransformSpec.Join("silver.customers", List.of("customer_id"), null, null)),
                name -> customers,
                spark::sql);
        assertThat(byColumn.count()).as("inner join keeps o1 twice and o2").isEqualTo(3);
        Dataset<Row> byCondition = Transforms.apply(
                orders,
                TransformSpec.join(new TransformSpec.Join(
                        "silver.customers", null, "l.customer_id = r.customer_id", TransformSpec.JoinType.LEFT)),
                name -> customers,
                spark::sql);
        assertThat(byCondition.count()).isEqualTo(5);
    }

    @Test
    void sqlStepReadsTheCurrentRowsAsInput() {
        Dataset<Row> summed =
                apply(TransformSpec.sql("SELECT customer_id, sum(amount) AS total FROM input GROUP BY 1"));
        assertThat(summed.filter("customer_id = 'c1'").first().get(1).toString())
                .isEqualTo("22.0");
    }
}
