package dev.strata.bench;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * TPC-H {@code lineitem} from {@code io.trino.tpch}, written once to Parquet. The generator's parts run as Spark tasks,
 * so the rows are generated in parallel on the executors rather than on the driver.
 */
final class TpchLineItems {
    private static final DataType MONEY = DataTypes.createDecimalType(12, 2);

    /** The Parquet schema: TPC-H's, with prices, quantities and rates as DECIMAL(12,2) and dates as DATE. */
    static final StructType SCHEMA = new StructType()
            .add("orderkey", DataTypes.LongType, false)
            .add("partkey", DataTypes.LongType, false)
            .add("suppkey", DataTypes.LongType, false)
            .add("linenumber", DataTypes.IntegerType, false)
            .add("quantity", MONEY, false)
            .add("extendedprice", MONEY, false)
            .add("discount", MONEY, false)
            .add("tax", MONEY, false)
            .add("returnflag", DataTypes.StringType, false)
            .add("linestatus", DataTypes.StringType, false)
            .add("shipdate", DataTypes.DateType, false)
            .add("commitdate", DataTypes.DateType, false)
            .add("receiptdate", DataTypes.DateType, false)
            .add("shipinstruct", DataTypes.StringType, false)
            .add("shipmode", DataTypes.StringType, false)
            .add("comment", DataTypes.StringType, false);

    private TpchLineItems() {}

    /** The scale factor as the results and the data folder name it: {@code 0.1}, {@code 1}. */
    static String label(double scale) {
        return new BigDecimal(Double.toString(scale)).stripTrailingZeros().toPlainString();
    }

    /** Where a scale factor's files are kept between benchmark runs: {@code --data}, else a folder of the temp dir. */
    static Path folder(String[] args, String label) {
        return Path.of(BenchArgs.arg(
                args,
                "--data",
                Config.read(LauncherConfig.TEMP_DIR, Map.of())
                        .resolve("strata-bench-tpch")
                        .resolve("lineitem-sf" + label)
                        .toString()));
    }

    /**
     * Writes lineitem at {@code scale} to {@code dir} as Parquet, in {@code parts} generator parts, unless a complete
     * copy is already there. Returns whether it generated the data.
     */
    static boolean write(SparkSession spark, double scale, int parts, Path dir) {
        if (Files.exists(dir.resolve("_SUCCESS"))) {
            return false;
        }
        List<Integer> partNumbers = IntStream.rangeClosed(1, parts).boxed().toList();
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(partNumbers, parts)
                .flatMap(part -> rows(scale, part, parts));
        // Dates arrive as days since the epoch; converting in SQL works whichever Java date API the session uses.
        StructType raw = new StructType();
        for (var field : SCHEMA.fields()) {
            raw = raw.add(
                    field.name(),
                    field.dataType() == DataTypes.DateType ? DataTypes.IntegerType : field.dataType(),
                    false);
        }
        spark.createDataFrame(rows, raw)
                .selectExpr(
                        "orderkey",
                        "partkey",
                        "suppkey",
                        "linenumber",
                        "quantity",
                        "extendedprice",
                        "discount",
                        "tax",
                        "returnflag",
                        "linestatus",
                        "date_from_unix_date(shipdate) AS shipdate",
                        "date_from_unix_date(commitdate) AS commitdate",
                        "date_from_unix_date(receiptdate) AS receiptdate",
                        "shipinstruct",
                        "shipmode",
                        "comment")
                .write()
                .mode("overwrite")
                .parquet(dir.toString());
        return true;
    }

    private static Iterator<Row> rows(double scale, int part, int parts) {
        Iterator<LineItem> items = new LineItemGenerator(scale, part, parts).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Row next() {
                LineItem item = items.next();
                return RowFactory.create(
                        item.getOrderKey(),
                        item.getPartKey(),
                        item.getSupplierKey(),
                        item.getLineNumber(),
                        BigDecimal.valueOf(item.getQuantity()).setScale(2),
                        BigDecimal.valueOf(item.getExtendedPriceInCents(), 2),
                        BigDecimal.valueOf(item.getDiscountPercent(), 2),
                        BigDecimal.valueOf(item.getTaxPercent(), 2),
                        item.getReturnFlag(),
                        item.getStatus(),
                        item.getShipDate(),
                        item.getCommitDate(),
                        item.getReceiptDate(),
                        item.getShipInstructions(),
                        item.getShipMode(),
                        item.getComment());
            }
        };
    }
}
