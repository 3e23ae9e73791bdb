package dev.strata.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The retail example written by hand against Spark and Delta, as a careful engineer would without Strata: the same
 * reads, malformed-record split, dedupe, rules, quarantine tables, merges and gold aggregates. The benchmark's baseline.
 */
final class HandWrittenRetailJob {
    private static final String ORDERS_SCHEMA =
            "order_id STRING, customer_id STRING, amount DECIMAL(12,2), currency STRING, email STRING, ordered_at TIMESTAMP";
    private static final String CUSTOMERS_SCHEMA =
            "customer_id STRING, name STRING, email STRING, address STRING, tier STRING, updated_at TIMESTAMP";

    private final SparkSession spark;
    private final String data;
    private final String root;

    HandWrittenRetailJob(SparkSession spark, String dataDir, String lakehouse) {
        this.spark = spark;
        this.data = dataDir;
        this.root = lakehouse;
    }

    void run() {
        bronze("csv", data + "/orders", ORDERS_SCHEMA, Map.of("header", "true"), "bronze/orders");
        bronze("json", data + "/customers", CUSTOMERS_SCHEMA, Map.of(), "bronze/customers");

        Dataset<Row> orders = dedupe(read("bronze/orders"), "order_id", "ordered_at DESC")
                .withColumn("order_date", expr("CAST(ordered_at AS DATE)"));
        Column nullKey = col("order_id").isNull();
        Column badEmail = not(coalesce(col("email").rlike("^[^@\\s]+@[^@\\s]+$"), lit(false)));
        Column badAmount = not(coalesce(col("amount").between(0, 100000), lit(false)));
        silver(
                orders,
                new Column[] {nullKey, badEmail, badAmount},
                new String[] {"not_null(order_id)", "regex(email)", "between(amount)"},
                nullKey.or(badEmail),
                "silver/orders",
                "order_id",
                "order_date");

        Dataset<Row> customers = dedupe(read("bronze/customers"), "customer_id", "updated_at DESC")
                .select("customer_id", "name", "email", "address", "tier", "updated_at");
        Column nullCustomer = col("customer_id").isNull();
        Column badTier = not(coalesce(col("tier").isin("bronze", "silver", "gold", "platinum"), lit(false)));
        silver(
                customers,
                new Column[] {nullCustomer, badTier},
                new String[] {"not_null(customer_id)", "in_set(tier)"},
                nullCustomer,
                "silver/customers",
                "customer_id",
                null);

        spark.read().format("delta").load(root + "/silver/orders").createOrReplaceTempView("orders");
        spark.read().format("delta").load(root + "/silver/customers").createOrReplaceTempView("customers");
        gold(
                "SELECT o.order_date, o.currency, count(*) AS orders, sum(o.amount) AS revenue FROM orders o"
                        + " GROUP BY o.order_date, o.currency",
                "gold/daily_revenue",
                null);
        gold(
                "SELECT coalesce(c.tier, 'unknown') AS tier, count(*) AS orders, sum(o.amount) AS revenue FROM orders o"
                        + " LEFT JOIN customers c ON o.customer_id = c.customer_id GROUP BY coalesce(c.tier, 'unknown')",
                "gold/revenue_by_tier",
                "tier");
    }

    private void bronze(String format, String path, String ddl, Map<String, String> options, String table) {
        Dataset<Row> rows = spark.read()
                .format(format)
                .options(options)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", "_corrupt_record")
                .schema(StructType.fromDDL(ddl).add("_corrupt_record", DataTypes.StringType))
                .load(path)
                .withColumn("_source_file", input_file_name())
                .withColumn("_ingested_at", current_timestamp())
                .withColumn("_run_id", lit("hand"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        rows.agg(count(lit(1))).first();
        rows.filter(col("_corrupt_record").isNull())
                .drop("_corrupt_record")
                .write()
                .format("delta")
                .mode("append")
                .save(root + "/" + table);
        rows.filter(col("_corrupt_record").isNotNull())
                .withColumn("_failed_rules", array(lit("malformed_record")))
                .write()
                .format("delta")
                .mode("append")
                .save(root + "/" + table + "__quarantine");
        rows.unpersist();
    }

    private Dataset<Row> read(String table) {
        return spark.read().format("delta").load(root + "/" + table);
    }

    private static Dataset<Row> dedupe(Dataset<Row> rows, String key, String order) {
        return rows.withColumn("rn", expr("row_number() OVER (PARTITION BY " + key + " ORDER BY " + order + ")"))
                .filter(col("rn").equalTo(1).or(col(key).isNull()))
                .drop("rn");
    }

    private void silver(
            Dataset<Row> rows,
            Column[] failures,
            String[] names,
            Column quarantine,
            String table,
            String key,
            String partition) {
        Column[] labels = new Column[failures.length];
        for (int i = 0; i < failures.length; i++) {
            labels[i] = when(failures[i], lit(names[i]));
        }
        Dataset<Row> flagged = rows.withColumn("_failed_rules", array_compact(array(labels)))
                .withColumn("_q", quarantine)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Column[] counts = new Column[failures.length];
        for (int i = 0; i < failures.length; i++) {
            counts[i] = count(when(failures[i], 1));
        }
        flagged.agg(count(lit(1)), counts).first();
        Dataset<Row> valid = flagged.filter(not(col("_q"))).drop("_q", "_failed_rules");
        String location = root + "/" + table;
        if (DeltaTable.isDeltaTable(spark, location)) {
            DeltaTable.forPath(spark, location)
                    .as("t")
                    .merge(valid.as("s"), "t." + key + " = s." + key)
                    .whenMatched()
                    .updateAll()
                    .whenNotMatched()
                    .insertAll()
                    .execute();
        } else if (partition != null) {
            valid.write().format("delta").partitionBy(partition).save(location);
        } else {
            valid.write().format("delta").save(location);
        }
        flagged.filter(col("_q"))
                .drop("_q")
                .write()
                .format("delta")
                .mode("append")
                .option("mergeSchema", "true")
                .save(location + "__quarantine");
        flagged.unpersist();
    }

    /** Writes a gold table after checking it is not empty and, when given, that the key is unique. */
    private void gold(String sql, String table, String uniqueKey) {
        Dataset<Row> rows = spark.sql(sql);
        if (uniqueKey != null) {
            rows = rows.withColumn(
                    "dup", count(lit(1)).over(Window.partitionBy(uniqueKey)).gt(1));
        }
        Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
        Row counts = uniqueKey == null
                ? cached.agg(count(lit(1))).first()
                : cached.agg(count(lit(1)), count(when(col("dup"), 1))).first();
        if (counts.getLong(0) == 0 || (uniqueKey != null && counts.getLong(1) > 0)) {
            throw new IllegalStateException("gold check failed for " + table);
        }
        (uniqueKey == null ? cached : cached.drop("dup"))
                .write()
                .format("delta")
                .mode("overwrite")
                .save(root + "/" + table);
        cached.unpersist();
    }
}
