package dev.strata.engine.sink;

import dev.strata.engine.quality.TableStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * An Iceberg table's statistics from its current snapshot's manifests: each data file's record count, NULL value
 * counts and lower and upper bounds, read on the driver without touching a data file.
 */
final class IcebergStatistics {
    private IcebergStatistics() {}

    static Optional<TableStatistics> read(Table table) {
        table.refresh();
        Map<String, Types.NestedField> columns = new HashMap<>();
        for (Types.NestedField field : table.schema().columns()) {
            if (field.type().isPrimitiveType()) {
                columns.put(field.name(), field);
            }
        }
        long rows = 0;
        Map<String, Long> nulls = new HashMap<>();
        Map<String, Double> mins = new HashMap<>();
        Map<String, Double> maxes = new HashMap<>();
        Set<String> uncounted = new HashSet<>();
        Set<String> unbounded = new HashSet<>();
        columns.keySet().forEach(c -> nulls.put(c, 0L));
        if (table.currentSnapshot() != null) {
            try (CloseableIterable<FileScanTask> tasks =
                    table.newScan().includeColumnStats().planFiles()) {
                for (FileScanTask task : tasks) {
                    if (!task.deletes().isEmpty()) {
                        // Deleted rows are still in the data file's counts.
                        return Optional.empty();
                    }
                    DataFile file = task.file();
                    rows += file.recordCount();
                    for (Map.Entry<String, Types.NestedField> column : columns.entrySet()) {
                        add(file, column.getKey(), column.getValue(), nulls, mins, maxes, uncounted, unbounded);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        uncounted.forEach(nulls::remove);
        for (String column : columns.keySet()) {
            if (unbounded.contains(column) || uncounted.contains(column)) {
                mins.remove(column);
                maxes.remove(column);
            }
        }
        return Optional.of(new TableStatistics(rows, nulls, mins, maxes));
    }

    private static void add(
            DataFile file,
            String name,
            Types.NestedField field,
            Map<String, Long> nulls,
            Map<String, Double> mins,
            Map<String, Double> maxes,
            Set<String> uncounted,
            Set<String> unbounded) {
        Long fileNulls =
                file.nullValueCounts() == null ? null : file.nullValueCounts().get(field.fieldId());
        if (fileNulls == null) {
            uncounted.add(name);
            return;
        }
        nulls.merge(name, fileNulls, Long::sum);
        if (fileNulls == file.recordCount()) {
            return;
        }
        if (!TableStatistics.exactBounds(SparkSchemaUtil.convert(field.type()))) {
            unbounded.add(name);
            return;
        }
        Double low = bound(file.lowerBounds(), field);
        Double high = bound(file.upperBounds(), field);
        if (low == null || high == null) {
            unbounded.add(name);
            return;
        }
        mins.merge(name, low, Math::min);
        maxes.merge(name, high, Math::max);
    }

    private static Double bound(Map<Integer, ByteBuffer> bounds, Types.NestedField field) {
        ByteBuffer buffer = bounds == null ? null : bounds.get(field.fieldId());
        if (buffer == null) {
            return null;
        }
        Object value = Conversions.fromByteBuffer(field.type(), buffer);
        return value instanceof Number number ? number.doubleValue() : null;
    }
}
