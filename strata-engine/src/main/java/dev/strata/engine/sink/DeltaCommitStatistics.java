package dev.strata.engine.sink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.engine.quality.TableStatistics;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.types.StructField;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * The statistics of the files one Delta commit added, from their {@code add.stats} in that commit's log entry: read on
 * the driver, no job and no data file. What a batch wrote, when the commit is the batch's own write (an append or an
 * overwrite adds exactly the written rows). Only exact values are kept, as {@link TableStatistics} says.
 */
final class DeltaCommitStatistics {
    /** Decimals read as written, not through a double first. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private DeltaCommitStatistics() {}

    /** The commit's statistics; empty when a file has none, or the table maps column names. */
    static Optional<TableStatistics> read(SparkSession spark, String location, long version) {
        DeltaLog log = DeltaLog.forTable(spark, location);
        Snapshot snapshot = log.unsafeVolatileSnapshot();
        scala.Option<String> mapping = snapshot.metadata().configuration().get("delta.columnMapping.mode");
        if (mapping.isDefined() && !"none".equals(mapping.get())) {
            return Optional.empty();
        }
        Set<String> exact = new HashSet<>();
        for (StructField field : snapshot.schema().fields()) {
            if (TableStatistics.exactBounds(field.dataType())) {
                exact.add(field.name());
            }
        }
        Iterator<Tuple2<Object, scala.collection.Seq<Action>>> changes = log.getChanges(version, false);
        if (!changes.hasNext()) {
            return Optional.empty();
        }
        Tuple2<Object, scala.collection.Seq<Action>> commit = changes.next();
        if ((Long) commit._1() != version) {
            return Optional.empty();
        }
        Files files = new Files(exact);
        scala.collection.Iterator<Action> actions = commit._2().iterator();
        while (actions.hasNext()) {
            if (actions.next() instanceof AddFile add && !files.add(add)) {
                return Optional.empty();
            }
        }
        return Optional.of(files.statistics());
    }

    /** The sums and bounds over the added files, as each is read. */
    private static final class Files {
        private final Set<String> exact;
        private final Map<String, Long> nulls = new HashMap<>();
        private final Map<String, Integer> counted = new HashMap<>();
        private final Map<String, Double> mins = new HashMap<>();
        private final Map<String, Double> maxes = new HashMap<>();
        private final Set<String> unbounded = new HashSet<>();
        private long rows;
        private int files;

        Files(Set<String> exact) {
            this.exact = exact;
        }

        /** Adds one file; false when it has no statistics or deletes rows by a deletion vector. */
        boolean add(AddFile add) {
            if (add.stats() == null || add.deletionVector() != null) {
                return false;
            }
            JsonNode stats;
            try {
                stats = JSON.readTree(add.stats());
            } catch (IOException e) {
                return false;
            }
            JsonNode records = stats.get("numRecords");
            if (records == null || !records.canConvertToLong()) {
                return false;
            }
            long fileRows = records.asLong();
            rows += fileRows;
            files++;
            JsonNode nullCount = stats.path("nullCount");
            nullCount.fieldNames().forEachRemaining(column -> {
                JsonNode count = nullCount.get(column);
                if (!count.canConvertToLong()) {
                    return;
                }
                nulls.merge(column, count.asLong(), Long::sum);
                counted.merge(column, 1, Integer::sum);
                if (exact.contains(column) && count.asLong() < fileRows) {
                    bound(
                            column,
                            stats.path("minValues").get(column),
                            stats.path("maxValues").get(column));
                }
            });
            return true;
        }

        /** A file with values must bound them, or the column has no bounds. */
        private void bound(String column, JsonNode low, JsonNode high) {
            if (low == null || high == null || !low.isNumber() || !high.isNumber()) {
                unbounded.add(column);
                return;
            }
            // The exact value rounded to double once, as Spark casts a decimal or a long to double.
            mins.merge(column, low.decimalValue().doubleValue(), Math::min);
            maxes.merge(column, high.decimalValue().doubleValue(), Math::max);
        }

        TableStatistics statistics() {
            Map<String, Long> nullCounts = new HashMap<>();
            nulls.forEach((column, count) -> {
                if (counted.get(column) == files) {
                    nullCounts.put(column, count);
                }
            });
            Map<String, Double> low = new HashMap<>();
            Map<String, Double> high = new HashMap<>();
            mins.forEach((column, min) -> {
                if (nullCounts.containsKey(column) && !unbounded.contains(column)) {
                    low.put(column, min);
                    high.put(column, maxes.get(column));
                }
            });
            return new TableStatistics(rows, nullCounts, low, high);
        }
    }
}
