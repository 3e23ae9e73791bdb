package dev.strata.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.DatasetName;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlReferencesTest {
    private static final Set<String> LAYERS = Set.of("bronze", "silver", "gold");

    private static Set<DatasetName> extract(String sql) {
        return SqlReferences.extract(sql, LAYERS);
    }

    private static DatasetName name(String qualified) {
        return DatasetName.parse(qualified);
    }

    @Test
    void findsQualifiedTablesInFromAndJoin() {
        assertThat(extract("SELECT * FROM silver.orders o JOIN silver.customers c ON o.cid = c.id"))
                .containsExactly(name("silver.orders"), name("silver.customers"));
    }

    @Test
    void ignoresAliasesAndColumns() {
        assertThat(extract("SELECT o.order_date, sum(o.amount) AS revenue FROM silver.orders o GROUP BY o.order_date"))
                .containsExactly(name("silver.orders"));
    }

    @Test
    void ignoresStringLiterals() {
        assertThat(extract(
                        "SELECT 'silver.x' AS a, \"gold.y\" AS b, 'it''s silver.z' AS c, 'a\\'gold.w' FROM bronze.t"))
                .containsExactly(name("bronze.t"));
    }

    @Test
    void ignoresComments() {
        assertThat(extract("""
                        -- reads silver.old
                        SELECT * /* gold.a /* nested gold.b */ still gold.c */ FROM silver.new -- and gold.d
                        """)).containsExactly(name("silver.new"));
    }

    @Test
    void readsBacktickedNames() {
        assertThat(extract("SELECT * FROM `silver`.`orders` JOIN silver.`order items` JOIN `gold.x`"))
                .containsExactly(name("silver.orders"));
    }

    @Test
    void readsCatalogQualifiedAndColumnQualifiedNames() {
        assertThat(extract("SELECT silver.orders.amount FROM spark_catalog.silver.orders, gold.daily"))
                .containsExactly(name("silver.orders"), name("gold.daily"));
    }

    @Test
    void matchesLayersIgnoringCaseAndKeepsTheSpelling() {
        assertThat(extract("select * from SILVER.Orders")).containsExactly(name("SILVER.Orders"));
    }

    @Test
    void recognisesOnlyTheGivenLayers() {
        assertThat(SqlReferences.extract("SELECT * FROM raw.orders JOIN silver.x", Set.of("raw")))
                .containsExactly(name("raw.orders"));
    }

    @Test
    void ignoresNumbersAndFunctionCalls() {
        assertThat(extract("SELECT 1.5, gold.fn(2), gold.g (3), 3e2 FROM silver.a WHERE x > 0.5"))
                .containsExactly(name("silver.a"));
    }

    @Test
    void reportsWhereEachReferenceStarts() {
        String sql = "SELECT * FROM silver.a JOIN silver.a USING (id)";

        assertThat(SqlReferences.find(sql, LAYERS))
                .containsExactly(
                        new SqlReferences.Occurrence(name("silver.a"), 14),
                        new SqlReferences.Occurrence(name("silver.a"), 28));
    }

    @Test
    void survivesUnterminatedLiteralsAndComments() {
        assertThat(extract("SELECT 'open FROM silver.a")).isEmpty();
        assertThat(extract("SELECT 1 /* open FROM silver.a")).isEmpty();
        assertThat(extract("SELECT `open FROM silver.a")).isEmpty();
    }
}
