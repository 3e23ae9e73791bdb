package dev.strata.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The deterministic batches the formats benchmark writes, cached and materialized once so that no timed write pays for
 * generating its input: {@code rows} customers, a merge batch of {@code rows/10} changed and {@code rows/10} new ones,
 * and an SCD2 batch of all {@code rows} keys where every tenth changed its tier.
 */
record FormatInputs(
        long rows, Dataset<Row> base, Dataset<Row> mergeBatch, Dataset<Row> scd2Batch, Dataset<Row> scd2Initial) {
    /** When the pre-loaded SCD2 versions start. */
    static final Instant PRELOAD_TIME = Instant.parse("2026-01-01T00:00:00Z");
    /** When the timed batches are taken; the SCD2 batch's new versions start then. */
    static final Instant BATCH_TIME = Instant.parse("2026-02-01T00:00:00Z");

    static final String VALID_FROM = "_valid_from";
    static final String VALID_TO = "_valid_to";
    static final String IS_CURRENT = "_is_current";

    static FormatInputs create(SparkSession spark, long rows) {
        Dataset<Row> base = cached(customers(spark, 0, rows));
        Column changed = expr("id % 10 = 0");
        Dataset<Row> mergeBatch = base.filter(changed)
                .withColumn("amount", expr("CAST(amount + 1 AS DECIMAL(12,2))"))
                .withColumn("updated_at", expr("updated_at + INTERVAL 1 DAY"))
                .unionByName(customers(spark, rows, rows + rows / 10));
        Dataset<Row> scd2Batch = base.withColumn("tier", when(changed, tier(1)).otherwise(col("tier")))
                .withColumn(
                        "updated_at",
                        when(changed, expr("updated_at + INTERVAL 1 DAY")).otherwise(col("updated_at")));
        Dataset<Row> scd2Initial = base.withColumn(VALID_FROM, lit(Timestamp.from(PRELOAD_TIME)))
                .withColumn(VALID_TO, lit(null).cast("timestamp"))
                .withColumn(IS_CURRENT, lit(true));
        return new FormatInputs(rows, base, cached(mergeBatch), cached(scd2Batch), cached(scd2Initial));
    }

    /** Customers {@code from} (inclusive) to {@code to} (exclusive): id, customer, amount, tier, updated_at. */
    private static Dataset<Row> customers(SparkSession spark, long from, long to) {
        return spark.range(from, to)
                .select(
                        col("id"),
                        concat(lit("c"), expr("CAST(id % 50000 AS STRING)")).as("customer"),
                        expr("CAST((id * 7919) % 100000 / 100 AS DECIMAL(12,2))")
                                .as("amount"),
                        tier(0).as("tier"),
                        expr("timestamp_seconds(1767225600 + id)").as("updated_at"));
    }

    /** One of four tiers by id, {@code shift} tiers on. */
    private static Column tier(int shift) {
        return expr(
                "element_at(array('bronze', 'silver', 'gold', 'platinum'), CAST((id + " + shift + ") % 4 + 1 AS INT))");
    }

    private static Dataset<Row> cached(Dataset<Row> rows) {
        Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
        cached.agg(count(lit(1))).first();
        return cached;
    }

    void release() {
        base.unpersist();
        mergeBatch.unpersist();
        scd2Batch.unpersist();
        scd2Initial.unpersist();
    }
}
