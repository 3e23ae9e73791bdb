package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.HudiTableType;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hudi.common.model.HoodieTableType;
import org.apache.hudi.common.table.HoodieTableConfig;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What a Hudi table is created with and how {@link HudiSink} opens it: the table's timeline, the settings of a new
 * table, the check that an existing one has the layout the dataset asks for, and the session defaults.
 */
final class HudiTables {
    static final String RECORD_KEY = "hoodie.datasource.write.recordkey.field";
    static final String PARTITION_PATH = "hoodie.datasource.write.partitionpath.field";

    private HudiTables() {}

    /** What an existing table was created with. */
    record Layout(HoodieTableType type, List<String> recordKey, List<String> partitionBy) {
        static Layout of(HoodieTableMetaClient client) {
            HoodieTableConfig config = client.getTableConfig();
            return new Layout(
                    config.getTableType(),
                    config.getRecordKeyFields().map(List::of).orElse(List.of()),
                    config.getPartitionFields().map(List::of).orElse(List.of()));
        }

        static Layout of(SparkSession spark, String location) {
            return of(metaClient(spark, location));
        }
    }

    static HoodieTableMetaClient metaClient(SparkSession spark, String location) {
        return HoodieTableMetaClient.builder()
                .setConf(HadoopFSUtils.getStorageConfWithCopy(
                        spark.sparkContext().hadoopConfiguration()))
                .setBasePath(location)
                .build();
    }

    /** Commits, delta commits and replace commits that completed. */
    static HoodieTimeline completedCommits(HoodieTableMetaClient client) {
        return client.getActiveTimeline().getCommitsTimeline().filterCompletedInstants();
    }

    /**
     * Settings for one machine: Hudi's metadata table and embedded timeline server save file listings on a cluster's
     * object store, but on a local master they cost more than they save (an upsert takes 3-4 times as long). Write
     * options override them.
     */
    static Map<String, String> defaults(SparkSession spark) {
        if (!spark.sparkContext().isLocal()) {
            return Map.of();
        }
        return Map.of("hoodie.metadata.enable", "false", "hoodie.embed.timeline.server", "false");
    }

    /** The settings a new table is created with; afterwards Hudi takes them from the table. */
    static Map<String, String> creation(WriteRequest request) {
        WriteSpec write = request.write();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("hoodie.table.name", HudiSink.tableName(request.table()));
        HudiTableType type = write.tableType() == null ? HudiTableType.COPY_ON_WRITE : write.tableType();
        options.put("hoodie.datasource.write.table.type", type.name());
        List<String> recordKey = recordKeyFields(request);
        if (!recordKey.isEmpty()) {
            options.put(RECORD_KEY, String.join(",", recordKey));
        }
        if (!write.partitionBy().isEmpty()) {
            options.put(PARTITION_PATH, String.join(",", write.partitionBy()));
            options.put("hoodie.datasource.write.hive_style_partitioning", "true");
        }
        return options;
    }

    /**
     * The record key a new table gets: merge and delete use the keys, SCD2 the keys plus {@link TableSink#VALID_FROM}
     * (one row per version), append and overwrite the keys when given, else Hudi generates keys.
     */
    static List<String> recordKeyFields(WriteRequest request) {
        WriteSpec write = request.write();
        if (write.mode() == WriteMode.SCD2) {
            List<String> keys = new ArrayList<>(write.keys());
            keys.add(TableSink.VALID_FROM);
            return List.copyOf(keys);
        }
        return write.keys();
    }

    /** Fails with the fix when the dataset asks for a layout the existing table does not have. */
    static void checkLayout(WriteRequest request, Layout layout) {
        WriteSpec write = request.write();
        List<String> problems = new ArrayList<>();
        if (!write.partitionBy().isEmpty() && !write.partitionBy().equals(layout.partitionBy())) {
            problems.add("partitioned by " + layout.partitionBy() + ", not " + write.partitionBy());
        }
        if (write.tableType() != null
                && !write.tableType().name().equals(layout.type().name())) {
            problems.add(layout.type().name().toLowerCase(Locale.ROOT) + ", not "
                    + write.tableType().id());
        }
        if (!problems.isEmpty()) {
            throw new StrataException(
                    ErrorCode.CONFLICT,
                    "Cannot write " + request.name() + ": its Hudi table is " + String.join(" and ", problems)
                            + " (a Hudi table's partitioning and type are fixed when it is created; change the"
                            + " dataset back, or rebuild the table)");
        }
    }

    /**
     * The batch with every column and nested field nullable, as Delta and Iceberg create tables: Hudi keeps the
     * nullability of the batch that created a column, and would fail a later batch with a NULL in it.
     */
    static Dataset<Row> nullable(Dataset<Row> rows) {
        StructType schema = rows.schema();
        if (schema.equals(StructTypes.nullable(schema))) {
            return rows;
        }
        // A CASE without ELSE is nullable; the cast makes nested fields nullable.
        Column[] columns = Arrays.stream(schema.fields())
                .map(f -> when(lit(true), col(quote(f.name())).cast(StructTypes.nullable(f.dataType())))
                        .as(f.name(), f.metadata()))
                .toArray(Column[]::new);
        return rows.select(columns);
    }
}
