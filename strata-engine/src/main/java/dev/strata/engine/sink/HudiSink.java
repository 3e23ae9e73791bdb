package dev.strata.engine.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.HudiTableType;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.common.model.HoodieCommitMetadata;
import org.apache.hudi.common.model.HoodieTableType;
import org.apache.hudi.common.table.HoodieTableConfig;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Apache Hudi tables by path. Every commit carries the batch's {@link CommitId} in its extra commit metadata, and a
 * batch is skipped when a completed commit on the active timeline already holds it.
 *
 * <p>The record key is fixed when a table is created: the keys for merge and delete, the keys plus
 * {@link TableSink#VALID_FROM} for SCD2, and none (Hudi generates keys) for append and overwrite without keys. Upserts
 * order by commit time, so the latest batch wins and no ordering field is needed. Reads hide Hudi's {@code _hoodie_*}
 * columns.
 */
public final class HudiSink extends TableSink {
    /** The namespace of the catalog tables behind the {@code layer.name} views (see {@link #register}). */
    static final String CATALOG_NAMESPACE = "_strata_hudi";

    private static final String META_PREFIX = "_hoodie_";
    /** Hudi's soft-delete column: an upserted row with it true deletes its key. */
    private static final String IS_DELETED = "_hoodie_is_deleted";
    /** Write options with this prefix go into the commit's extra metadata; {@link CommitId}'s keys have it. */
    private static final String COMMIT_METADATA_PREFIX = "strata.commit-";

    private static final String OPERATION = "hoodie.datasource.write.operation";
    private static final String RECORD_KEY = "hoodie.datasource.write.recordkey.field";
    private static final String PARTITION_PATH = "hoodie.datasource.write.partitionpath.field";

    @Override
    public String format() {
        return "hudi";
    }

    /**
     * True when the table has a completed commit. A first write that failed leaves a table without one, which the next
     * write commits into as if it were new (Hudi rolls the failed commit back).
     */
    @Override
    public boolean exists(SparkSession spark, TableRef table) {
        Path properties =
                new Path(new Path(table.location(), HoodieTableMetaClient.METAFOLDER_NAME), "hoodie.properties");
        try {
            if (!properties
                    .getFileSystem(spark.sparkContext().hadoopConfiguration())
                    .exists(properties)) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return !completedCommits(metaClient(spark, table.location())).empty();
    }

    @Override
    public Dataset<Row> read(SparkSession spark, TableRef table) {
        Dataset<Row> rows = readWithMetaColumns(spark, table.location());
        return rows.drop(Arrays.stream(rows.columns())
                .filter(c -> c.startsWith(META_PREFIX))
                .toArray(String[]::new));
    }

    /** A snapshot read (merged, for merge-on-read tables), with Hudi's record key and file columns. */
    private static Dataset<Row> readWithMetaColumns(SparkSession spark, String location) {
        return spark.read().format("hudi").load(location);
    }

    @Override
    protected boolean committed(SparkSession spark, TableRef table, CommitId commit) {
        HoodieTimeline commits = completedCommits(metaClient(spark, table.location()));
        return commits.getReverseOrderedInstants().anyMatch(instant -> {
            Map<String, String> extra = extraMetadata(commits, instant);
            String app = extra.get(CommitId.APP_KEY);
            String version = extra.get(CommitId.VERSION_KEY);
            return app != null && version != null && commit.coveredBy(app, Long.parseLong(version));
        });
    }

    private static Map<String, String> extraMetadata(HoodieTimeline timeline, HoodieInstant instant) {
        try {
            HoodieCommitMetadata metadata = timeline.readCommitMetadata(instant);
            return metadata.getExtraMetadata() == null ? Map.of() : metadata.getExtraMetadata();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest completed commit's instant ({@code yyyyMMddHHmmssSSS}), or -1 when there is none. */
    @Override
    protected long version(SparkSession spark, TableRef table) {
        if (!exists(spark, table)) {
            return -1;
        }
        return completedCommits(metaClient(spark, table.location()))
                .lastInstant()
                .map(instant -> Long.parseLong(instant.requestedTime()))
                .orElse(-1L);
    }

    @Override
    protected void append(Dataset<Row> rows, WriteRequest request, boolean exists) {
        save(rows, request, "insert", exists ? layout(rows.sparkSession(), request) : null, Map.of());
    }

    @Override
    protected void overwrite(Dataset<Row> rows, WriteRequest request, boolean exists) {
        if (!exists) {
            save(rows, request, "insert", null, Map.of());
            return;
        }
        Layout layout = layout(rows.sparkSession(), request);
        // insert_overwrite replaces only the partitions the batch writes to.
        String operation = layout.partitionBy().isEmpty() ? "insert_overwrite_table" : "insert_overwrite";
        save(rows, request, operation, layout, Map.of());
    }

    @Override
    protected void upsert(Dataset<Row> rows, WriteRequest request, List<String> keys, String deleteFlag) {
        Layout layout = layout(rows.sparkSession(), request);
        if (!layout.recordKey().equals(keys)) {
            throw new StrataException(
                    ErrorCode.CONFLICT,
                    "Cannot " + request.write().mode().id() + " into " + request.name()
                            + ": its Hudi table's record key"
                            + " is " + (layout.recordKey().isEmpty() ? "generated (none)" : layout.recordKey())
                            + ", not " + keys + " (a Hudi table's record key is fixed when the table is created;"
                            + " rebuild it with this write mode, or keep the mode it was created with)");
        }
        Dataset<Row> batch = rows;
        if (deleteFlag != null) {
            // A row upserted with Hudi's delete marker deletes its key; for a key the table lacks it writes nothing.
            batch = rows.withColumn(IS_DELETED, col(quote(deleteFlag))).drop(deleteFlag);
        }
        Map<String, String> index = Map.of();
        if (!layout.partitionBy().isEmpty()) {
            // A key is unique in the table, not per partition: a row whose partition value changed moves.
            index = Map.of("hoodie.index.type", "GLOBAL_SIMPLE", "hoodie.simple.index.update.partition.path", "true");
        }
        save(batch, request, "upsert", layout, index);
    }

    /**
     * Deletes through Hudi's prepped path: the table's own rows whose keys match, with their record keys and file
     * locations, so it works whatever the table's record key is (generated ones included).
     */
    @Override
    protected void delete(Dataset<Row> keyRows, WriteRequest request, List<String> keys) {
        Dataset<Row> current =
                readWithMetaColumns(keyRows.sparkSession(), request.location()).alias("t");
        Column match = lit(true);
        for (String key : keys) {
            match = match.and(col("t." + quote(key)).equalTo(col("k." + quote(key))));
        }
        Dataset<Row> doomed = current.join(keyRows.alias("k"), match, "left_semi");
        save(doomed, request, "delete", layout(keyRows.sparkSession(), request), Map.of());
    }

    private static Layout layout(SparkSession spark, WriteRequest request) {
        return Layout.of(metaClient(spark, request.location()));
    }

    /**
     * Writes with one Hudi operation in one commit.
     *
     * @param existing the table's layout, or null to create the table
     * @param settings defaults for this operation, which the dataset's write options override
     */
    private static void save(
            Dataset<Row> rows, WriteRequest request, String operation, Layout existing, Map<String, String> settings) {
        SparkSession spark = rows.sparkSession();
        Map<String, String> options = new LinkedHashMap<>(defaults(spark));
        options.putAll(settings);
        options.putAll(request.write().options());
        if (existing != null) {
            checkLayout(request, existing);
        } else {
            options.putAll(creation(request));
        }
        options.put(OPERATION, operation);
        // A column the table has and the batch lacks is NULL: SchemaAlignment has already decided which may be missing,
        // so this only covers IS_DELETED, which read() hides. It also lets new columns widen the table.
        options.put("hoodie.write.set.null.for.missing.columns", "true");
        options.put("hoodie.datasource.write.commitmeta.key.prefix", COMMIT_METADATA_PREFIX);
        options.put(CommitId.APP_KEY, request.commit().appId());
        options.put(CommitId.VERSION_KEY, Long.toString(request.commit().version()));
        Dataset<Row> batch = nullable(rows);
        if ("delete".equals(operation)) {
            // The rows are the table's own, with their record keys and file locations (see delete()).
            options.put("_hoodie.spark.sql.writes.prepped", "true");
            batch = rows;
        }
        try {
            batch.write().format("hudi").options(options).mode("append").save(request.location());
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Config conflict")) {
                throw new StrataException(
                        ErrorCode.CONFLICT,
                        "Cannot write " + request.name() + ": the Hudi table's settings differ from the dataset's: "
                                + message.replaceAll("\\s+", " ").trim()
                                + " (a Hudi table's key, partitioning and type are fixed when it is created)",
                        e);
            }
            throw e;
        }
    }

    /**
     * The batch with every column and nested field nullable, as Delta and Iceberg create tables: Hudi keeps the
     * nullability of the batch that created a column, and would fail a later batch with a NULL in it.
     */
    private static Dataset<Row> nullable(Dataset<Row> rows) {
        StructType schema = rows.schema();
        if (schema.equals(nullable(schema))) {
            return rows;
        }
        // A CASE without ELSE is nullable; the cast makes nested fields nullable.
        Column[] columns = Arrays.stream(schema.fields())
                .map(f -> when(lit(true), col(quote(f.name())).cast(nullable(f.dataType())))
                        .as(f.name(), f.metadata()))
                .toArray(Column[]::new);
        return rows.select(columns);
    }

    private static DataType nullable(DataType type) {
        if (type instanceof StructType struct) {
            return new StructType(Arrays.stream(struct.fields())
                    .map(f -> new StructField(f.name(), nullable(f.dataType()), true, f.metadata()))
                    .toArray(StructField[]::new));
        }
        if (type instanceof ArrayType array) {
            return new ArrayType(nullable(array.elementType()), true);
        }
        if (type instanceof MapType map) {
            return new MapType(map.keyType(), nullable(map.valueType()), true);
        }
        return type;
    }

    /**
     * Settings for one machine: Hudi's metadata table and embedded timeline server save file listings on a cluster's
     * object store, but on a local master they cost more than they save (an upsert takes 3-4 times as long). Write
     * options override them.
     */
    private static Map<String, String> defaults(SparkSession spark) {
        if (!spark.sparkContext().isLocal()) {
            return Map.of();
        }
        return Map.of("hoodie.metadata.enable", "false", "hoodie.embed.timeline.server", "false");
    }

    /** The settings a new table is created with; afterwards Hudi takes them from the table. */
    private static Map<String, String> creation(WriteRequest request) {
        WriteSpec write = request.write();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("hoodie.table.name", tableName(request.table()));
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
            keys.add(VALID_FROM);
            return List.copyOf(keys);
        }
        return write.keys();
    }

    /** Fails with the fix when the dataset asks for a layout the existing table does not have. */
    private static void checkLayout(WriteRequest request, Layout layout) {
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

    /** {@code layer_name}: Hudi also names the table's Avro record after it. */
    static String tableName(TableRef table) {
        return table.name().layer() + "_" + table.name().name();
    }

    /** What an existing table was created with. */
    private record Layout(HoodieTableType type, List<String> recordKey, List<String> partitionBy) {
        static Layout of(HoodieTableMetaClient client) {
            HoodieTableConfig config = client.getTableConfig();
            return new Layout(
                    config.getTableType(),
                    config.getRecordKeyFields().map(List::of).orElse(List.of()),
                    config.getPartitionFields().map(List::of).orElse(List.of()));
        }
    }

    /**
     * Makes {@code layer.name} resolve in SQL to what {@link #read} returns. Hudi's catalog table would also show its
     * {@code _hoodie_*} columns, and a {@code SELECT *} downstream would copy them into the next table; so the catalog
     * table lives in {@value #CATALOG_NAMESPACE} and {@code layer.name} is a view over its data columns. Both are
     * recreated, so the view sees the current schema and files.
     */
    @Override
    public void register(SparkSession spark, TableRef table) {
        String layer = quote(table.name().layer());
        String view = layer + "." + quote(table.name().name());
        String hidden = catalogTable(table);
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + quote(CATALOG_NAMESPACE));
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + layer);
        // Dropping the catalog table also drops Spark's cached relation, with its stale file listing.
        spark.sql("DROP TABLE IF EXISTS " + hidden);
        spark.sql("CREATE TABLE " + hidden + " USING hudi LOCATION " + literal(table.location()));
        Sink.dropRegistration(spark, table);
        String columns = Arrays.stream(read(spark, table).columns())
                .map(TableSink::quote)
                .collect(Collectors.joining(", "));
        spark.sql("CREATE VIEW " + view + " AS SELECT " + columns + " FROM " + hidden);
    }

    /** {@code `_strata_hudi`.`layer__name`}. */
    static String catalogTable(TableRef table) {
        return quote(CATALOG_NAMESPACE) + "."
                + quote(table.name().layer() + "__" + table.name().name());
    }

    /**
     * Compacts log files into base files (merge-on-read), clusters small files, then cleans file versions older than
     * the retention; Hudi keeps the latest version of every file group.
     */
    @Override
    public MaintenanceResult maintain(SparkSession spark, TableRef table, Duration retention) {
        if (!exists(spark, table)) {
            return new MaintenanceResult(0, 0, "no Hudi table at " + table.location());
        }
        // run_clean names a catalog table, not a path.
        register(spark, table);
        String location = literal(table.location());
        Map<String, String> settings = new LinkedHashMap<>(defaults(spark));
        HoodieTableMetaClient client = metaClient(spark, table.location());
        String before = client.getActiveTimeline()
                .filterCompletedInstants()
                .lastInstant()
                .map(HoodieInstant::requestedTime)
                .orElse("0");

        long compacted = 0;
        if (Layout.of(client).type() == HoodieTableType.MERGE_ON_READ) {
            Map<String, String> compaction = new LinkedHashMap<>(settings);
            compaction.put("hoodie.compact.inline.max.delta.commits", "1");
            compacted = sum(
                    spark.sql("CALL run_compaction(op => 'scheduleAndExecute', path => " + location
                            + optionsArgument(compaction) + ")"),
                    "operation_size");
        }

        Map<String, String> clustering = new LinkedHashMap<>(settings);
        // Like Delta's OPTIMIZE, rewrite only where two or more small files can become one.
        clustering.put("hoodie.clustering.plan.strategy.single.group.clustering.enabled", "false");
        spark.sql("CALL run_clustering(path => " + location + optionsArgument(clustering) + ")")
                .collectAsList();
        client.reloadActiveTimeline();
        HoodieTimeline replaced = client.getActiveTimeline().getCompletedReplaceTimeline();
        long clustered = replaced.getInstantsAsStream()
                .filter(i -> i.requestedTime().compareTo(before) > 0)
                .mapToLong(i -> {
                    try {
                        return replaced.readReplaceCommitMetadata(i).getPartitionToReplaceFileIds().values().stream()
                                .mapToLong(List::size)
                                .sum();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .sum();

        long hours = (retention.toMinutes() + 59) / 60;
        // Hudi retains by whole hours; under one hour means "keep only the current files".
        String policy = hours == 0
                ? "clean_policy => 'KEEP_LATEST_FILE_VERSIONS', file_versions_retained => 1"
                : "clean_policy => 'KEEP_LATEST_BY_HOURS', hours_retained => " + hours;
        long removed = sum(
                spark.sql("CALL run_clean(table => " + literal(unquoted(table)) + ", " + policy
                        + ", trigger_max_commits => 0" + optionsArgument(settings) + ")"),
                "total_files_deleted");
        String detail = "compaction rewrote " + compacted + " file groups; clustering rewrote " + clustered
                + " file groups; clean deleted " + removed + " files ("
                + (hours == 0 ? "kept the latest file versions" : "kept " + hours + "h") + ")";
        return new MaintenanceResult(compacted + clustered, removed, detail);
    }

    private static String unquoted(TableRef table) {
        return CATALOG_NAMESPACE + "." + table.name().layer() + "__"
                + table.name().name();
    }

    /** {@code , options => 'k1=v1,k2=v2'}, the form Hudi's procedures take; empty when there are none. */
    private static String optionsArgument(Map<String, String> options) {
        if (options.isEmpty()) {
            return "";
        }
        return ", options => "
                + literal(options.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")));
    }

    private static long sum(Dataset<Row> procedureResult, String column) {
        long total = 0;
        for (Row row : procedureResult.collectAsList()) {
            Object value = row.get(row.fieldIndex(column));
            total += value == null ? 0 : ((Number) value).longValue();
        }
        return total;
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static HoodieTableMetaClient metaClient(SparkSession spark, String location) {
        return HoodieTableMetaClient.builder()
                .setConf(HadoopFSUtils.getStorageConfWithCopy(
                        spark.sparkContext().hadoopConfiguration()))
                .setBasePath(location)
                .build();
    }

    /** Commits, delta commits and replace commits that completed. */
    private static HoodieTimeline completedCommits(HoodieTableMetaClient client) {
        return client.getActiveTimeline().getCommitsTimeline().filterCompletedInstants();
    }
}
