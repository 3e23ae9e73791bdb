package dev.strata.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code strata compile} prints: each dataset's input and the SQL of its steps, parameters substituted. */
class CompiledSqlTest {
    private static final Pipeline SHOP = PipelineLoader.parse("""
            name: shop
            parameters:
              CHANNEL: {type: string, default: web}
            sources:
              orders_raw: {format: csv, path: data/orders/, schema: "order_id STRING, channel STRING, amount INT"}
            datasets:
              bronze.orders: {from: orders_raw, tags: [raw]}
              silver.customers: {sql: "SELECT DISTINCT order_id AS customer_id FROM bronze.orders"}
              silver.orders:
                from: bronze.orders
                description: Web orders, one row per order_id.
                transform:
                  - filter: "channel = '${CHANNEL}'"
                  - dedupe: {keys: [order_id, channel], order_by: amount DESC}
                  - derive: {cents: "amount * 100", big: "amount > 1000"}
                  - cast: {cents: BIGINT}
                  - rename: {channel: sales_channel}
                  - join: {with: silver.customers, condition: "l.order_id = r.customer_id", how: left_anti}
                  - select: [order_id, cents]
                  - sql: SELECT *, cents > 0 AS paid FROM input
                write: {mode: merge, keys: [order_id]}
              gold.totals:
                sql: |
                  SELECT sum(cents) AS cents
                  FROM silver.orders
                write: {mode: overwrite, format: parquet}
            """, Path.of("/work/shop/pipeline.yaml"), Map.of());
    private static final PipelinePlan PLAN = Planner.plan(SHOP.spec());

    @Test
    void printsEachDatasetsInputAndTheSqlOfEachStep() {
        assertThat(CompiledSql.render(PLAN, SHOP.spec())).isEqualTo("""
                        -- bronze.orders: append into delta, each row with its batch's _run_id
                        -- input: the files not read yet of source orders_raw (csv, /work/shop/data/orders)
                        -- schema: order_id STRING, channel STRING, amount INT

                        -- silver.customers: append into delta, each row with its batch's _run_id
                        -- input: the current tables bronze.orders
                        SELECT DISTINCT order_id AS customer_id FROM bronze.orders

                        -- silver.orders: merge by order_id into delta
                        -- Web orders, one row per order_id.
                        -- input: the runs not read yet of bronze.orders
                        -- 1. filter: keep the rows where
                        channel = 'web'
                        -- 2. dedupe: keep the rows where
                        row_number() OVER (PARTITION BY `order_id`, `channel` ORDER BY amount DESC) = 1 OR `order_id` IS NULL OR `channel` IS NULL
                        -- 3. derive: add or replace columns
                        amount * 100 AS `cents`,
                        amount > 1000 AS `big`
                        -- 4. cast: replace columns
                        CAST(`cents` AS BIGINT) AS `cents`
                        -- 5. rename
                        `channel` AS `sales_channel`
                        -- 6. join: the rows so far are l
                        LEFT ANTI JOIN silver.customers AS r ON l.order_id = r.customer_id
                        -- 7. select
                        SELECT order_id, cents
                        -- 8. sql: the rows so far are the view input
                        SELECT *, cents > 0 AS paid FROM input

                        -- gold.totals: overwrite into parquet
                        -- input: the current tables silver.orders
                        SELECT sum(cents) AS cents
                        FROM silver.orders

                        """);
    }

    @Test
    void printsOnlyTheSelectedDatasets() {
        assertThat(CompiledSql.render(PLAN.only("tag:raw"), SHOP.spec())).isEqualTo("""
                        -- bronze.orders: append into delta, each row with its batch's _run_id
                        -- input: the files not read yet of source orders_raw (csv, /work/shop/data/orders)
                        -- schema: order_id STRING, channel STRING, amount INT

                        """);
    }

    @Test
    void readsAnUpstreamThatIsNotAppendedWhole() {
        Pipeline pipeline = PipelineLoader.parse("""
                name: shop
                sources:
                  raw: {format: jdbc, url: "jdbc:postgresql://db/shop", table: public.customers}
                datasets:
                  bronze.customers: {from: raw, write: {mode: overwrite}}
                  silver.customers:
                    from: bronze.customers
                    transform:
                      - join: {with: bronze.customers, on: [customer_id]}
                """, Path.of("/work/shop/pipeline.yaml"), Map.of());

        assertThat(CompiledSql.render(Planner.plan(pipeline.spec()), pipeline.spec()))
                .isEqualTo("""
                        -- bronze.customers: overwrite into delta
                        -- input: all of source raw (jdbc, public.customers at jdbc:postgresql://db/shop)

                        -- silver.customers: append into delta, each row with its batch's _run_id
                        -- input: all of bronze.customers
                        -- 1. join
                        INNER JOIN bronze.customers USING (`customer_id`)

                        """);
    }
}
