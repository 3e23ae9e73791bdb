package dev.strata.engine.sink;

import static dev.strata.engine.sink.HudiTables.checkLayout;
import static dev.strata.engine.sink.HudiTables.completedCommits;
import static dev.strata.engine.sink.HudiTables.creation;
import static dev.strata.engine.sink.HudiTables.defaults;
import static dev.strata.engine.sink.HudiTables.metaClient;
import static dev.strata.engine.sql.SqlSyntax.literal;
import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.engine.sink.HudiTables.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hudi.common.model.HoodieCommitMetadata;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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

    @Override
    public String format() {
        return "hudi";
    }

    /**
     * False: Hudi's writer turns the rows into an RDD and runs that, so Spark never reports the observed query's
     * metrics (apache/hudi#11367), and waiting for them cost a timeout and a second pass over the batch.
     */
    @Override
    public boolean reportsObservations() {
        return false;
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

    /**
     * A whole-table replacement is Hudi's {@code insert_overwrite_table}, with the table's record key; a replacement
     * by condition is refused: Hudi replaces file groups, not the rows a condition names.
     */
    @Override
    protected void replace(Dataset<Row> rows, WriteRequest request, boolean exists) {
        if (!request.replacement().all()) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot backfill " + request.name() + ": a Hudi append table cannot replace the rows earlier runs"
                            + " loaded from the window's files (give it write.mode: merge with keys, which a backfill"
                            + " re-applies by key, or rebuild it with --full-refresh)");
        }
        if (!exists) {
            save(rows, request, "insert", null, Map.of());
            return;
        }
        save(rows, request, "insert_overwrite_table", layout(rows.sparkSession(), request), Map.of());
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
        return Layout.of(spark, request.location());
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
        Dataset<Row> batch = HudiTables.nullable(rows);
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
    /** {@code layer_name}: Hudi also names the table's Avro record after it. */
    static String tableName(TableRef table) {
        return table.name().layer() + "_" + table.name().name();
    }

    /**
     * Makes {@code layer.name} resolve in SQL to what {@link #read} returns: a view over the data columns of a catalog
     * table kept in {@value #CATALOG_NAMESPACE}, so a {@code SELECT *} downstream never copies {@code _hoodie_*}
     * columns into the next table.
     */
    @Override
    public void register(SparkSession spark, TableRef table) {
        new HiddenCatalogTable(CATALOG_NAMESPACE, table)
                .register(
                        spark,
                        "USING hudi LOCATION " + literal(table.location()),
                        false,
                        read(spark, table).columns());
    }

    /** {@code `_strata_hudi`.`layer__name`}. */
    static String catalogTable(TableRef table) {
        return new HiddenCatalogTable(CATALOG_NAMESPACE, table).quoted();
    }

    /** Compaction, clustering and cleaning through Hudi's procedures ({@link HudiMaintenance}). */
    @Override
    public MaintenanceResult maintain(SparkSession spark, TableRef table, Duration retention) {
        if (!exists(spark, table)) {
            return new MaintenanceResult(0, 0, "no Hudi table at " + table.location());
        }
        register(spark, table);
        return HudiMaintenance.maintain(spark, table, new HiddenCatalogTable(CATALOG_NAMESPACE, table), retention);
    }
}
