package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code strata compile} without {@code --explain}: no Spark, the SQL of each selected dataset in build order. */
class CompileCommandTest {
    /** The retail example, relative to this module (the tests' working directory). */
    private static final String RETAIL = "../examples/retail/pipeline.yaml";

    @Test
    void printsASilverDatasetsInputAndTheSqlOfItsSteps() {
        Invocation compile = strata("compile", RETAIL, "--only", "silver.orders");

        assertThat(compile.exitCode()).as(compile.err()).isZero();
        assertThat(compile.out()).isEqualTo("""
                        -- silver.orders: merge by order_id into delta
                        -- input: the runs not read yet of bronze.orders
                        -- 1. dedupe: keep the rows where
                        row_number() OVER (PARTITION BY `order_id` ORDER BY ordered_at DESC) = 1 OR `order_id` IS NULL
                        -- 2. derive: add or replace columns
                        CAST(ordered_at AS DATE) AS `order_date`

                        """);
        assertThat(compile.err()).isEmpty();
    }

    @Test
    void printsAGoldQueryAsWritten() {
        Invocation compile = strata("compile", RETAIL, "--only", "gold.daily_revenue");

        assertThat(compile.exitCode()).as(compile.err()).isZero();
        assertThat(compile.out()).isEqualTo("""
                        -- gold.daily_revenue: overwrite into delta
                        -- input: the current tables silver.orders
                        SELECT o.order_date, o.currency, count(*) AS orders, sum(o.amount) AS revenue
                        FROM silver.orders o
                        GROUP BY o.order_date, o.currency

                        """);
    }

    @Test
    void printsEveryDatasetInBuildOrder() {
        Invocation compile = strata("compile", RETAIL);

        assertThat(compile.exitCode()).as(compile.err()).isZero();
        assertThat(compile.out().lines().filter(line -> line.matches("-- [a-z]+\\.[a-z_]+: .*")))
                .extracting(line -> line.substring(3, line.indexOf(':')))
                .containsExactly(
                        "bronze.orders",
                        "bronze.customers",
                        "silver.orders",
                        "silver.customers",
                        "gold.daily_revenue",
                        "gold.revenue_by_tier");
    }

    @Test
    void rejectsAnUnknownTagWithTheKnownOnes() {
        Invocation compile = strata("compile", RETAIL, "--only", "tag:pii");

        assertThat(compile.exitCode()).isEqualTo(2);
        assertThat(compile.out()).isEmpty();
        assertThat(compile.err().lines())
                .containsExactly(
                        "<pipeline>: 'tag:pii' selects tag pii, which no dataset of pipeline retail has (no dataset"
                                + " has tags: give datasets tags: [pii])",
                        "1 problem(s) found.");
    }
}
