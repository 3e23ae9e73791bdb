package dev.strata.engine.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.strata.engine.quality.TableStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table's statistics from its log: each file's {@code add.stats} (numRecords, nullCount, minValues,
 * maxValues), summed in one aggregation over the snapshot's file list, which reads the log and no data file.
 */
final class DeltaStatistics {
    private DeltaStatistics() {}

    static Optional<TableStatistics> read(SparkSession spark, String location) {
        DeltaLog log = DeltaLog.forTable(spark, location);
        Snapshot snapshot = log.update(false, log.update$default$2(), log.update$default$3());
        scala.Option<String> mapping = snapshot.metadata().configuration().get("delta.columnMapping.mode");
        StructType stats = snapshot.statsSchema();
        if (mapping.isDefined() && !"none".equals(mapping.get())
                || !Arrays.asList(stats.fieldNames()).contains("numRecords")) {
            // With column mapping the statistics name physical columns; without numRecords there are none.
            return Optional.empty();
        }
        Column file = col("stats");
        Column records = file.getField("numRecords");
        List<Column> aggregates = new ArrayList<>(List.of(
                count(lit(1)).as("files"),
                count(records).as("counted"),
                sum(records).as("rows"),
                count(col("deletionVector")).as("deletions")));
        List<String> nullable = fields(stats, "nullCount");
        List<String> bounded = new ArrayList<>();
        for (String column : nullable) {
            Column nulls = file.getField("nullCount").getField(column);
            aggregates.add(sum(nulls).as("n_" + column));
            aggregates.add(count(nulls).as("nc_" + column));
        }
        StructType minValues = struct(stats, "minValues");
        for (String column : fields(stats, "minValues")) {
            if (!nullable.contains(column)
                    || !TableStatistics.exactBounds(minValues.apply(column).dataType())) {
                continue;
            }
            bounded.add(column);
            Column low = file.getField("minValues").getField(column);
            Column high = file.getField("maxValues").getField(column);
            Column nulls = file.getField("nullCount").getField(column);
            aggregates.add(min(low).cast("double").as("min_" + column));
            aggregates.add(max(high).cast("double").as("max_" + column));
            // A file with non-NULL values must bound them.
            aggregates.add(count(when(nulls.lt(records).and(low.isNull().or(high.isNull())), lit(1)))
                    .as("unbounded_" + column));
        }
        Row row = snapshot.withStats()
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();
        long files = row.getLong(row.fieldIndex("files"));
        if (row.getLong(row.fieldIndex("counted")) != files || row.getLong(row.fieldIndex("deletions")) > 0) {
            return Optional.empty();
        }
        long rows = files == 0 ? 0 : row.getLong(row.fieldIndex("rows"));
        Map<String, Long> nullCounts = new HashMap<>();
        for (String column : nullable) {
            if (row.getLong(row.fieldIndex("nc_" + column)) == files) {
                nullCounts.put(column, files == 0 ? 0 : row.getLong(row.fieldIndex("n_" + column)));
            }
        }
        Map<String, Double> mins = new HashMap<>();
        Map<String, Double> maxes = new HashMap<>();
        for (String column : bounded) {
            Object low = row.get(row.fieldIndex("min_" + column));
            Object high = row.get(row.fieldIndex("max_" + column));
            if (nullCounts.containsKey(column)
                    && row.getLong(row.fieldIndex("unbounded_" + column)) == 0
                    && low != null
                    && high != null) {
                mins.put(column, (Double) low);
                maxes.put(column, (Double) high);
            }
        }
        return Optional.of(new TableStatistics(rows, nullCounts, mins, maxes));
    }

    /** The top-level, non-nested columns of one part of the statistics schema. */
    private static List<String> fields(StructType stats, String part) {
        StructType struct = struct(stats, part);
        return struct == null
                ? List.of()
                : Arrays.stream(struct.fields())
                        .filter(f -> !(f.dataType() instanceof StructType))
                        .map(StructField::name)
                        .toList();
    }

    private static StructType struct(StructType stats, String part) {
        return Arrays.asList(stats.fieldNames()).contains(part)
                        && stats.apply(part).dataType() instanceof StructType s
                ? s
                : null;
    }
}
