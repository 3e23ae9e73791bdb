package dev.strata.engine.sink;

import static dev.strata.engine.sink.IcebergTables.identifier;
import static dev.strata.engine.sink.IcebergTables.load;
import static dev.strata.engine.sql.SqlSyntax.qualified;
import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.engine.sql.SqlSyntax;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;

/**
 * Iceberg tables, named {@code <layer>.<name>} in the pipeline's Iceberg catalog ({@link IcebergCatalogs}); with the
 * default Hadoop catalog on {@code storage.root} they live at {@code <root>/<layer>/<name>} like every other format.
 * Every commit carries the batch's {@link CommitId} in its snapshot summary, and a batch is skipped when an ancestor of
 * the current snapshot already holds it.
 */
public final class IcebergSink extends TableSink implements SupportsComments {
    private static final String SNAPSHOT_PROPERTY = "snapshot-property.";

    @Override
    public String format() {
        return "iceberg";
    }

    @Override
    public boolean exists(SparkSession spark, TableRef table) {
        return spark.catalog().tableExists(identifier(spark, table));
    }

    @Override
    public Dataset<Row> read(SparkSession spark, TableRef table) {
        return spark.table(identifier(spark, table));
    }

    @Override
    protected boolean committed(SparkSession spark, TableRef table, CommitId commit) {
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(load(spark, table))) {
            Map<String, String> summary = snapshot.summary();
            String app = summary.get(CommitId.APP_KEY);
            String version = summary.get(CommitId.VERSION_KEY);
            if (app != null && version != null && commit.coveredBy(app, Long.parseLong(version))) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected long version(SparkSession spark, TableRef table) {
        Snapshot current = load(spark, table).currentSnapshot();
        return current == null ? -1 : current.snapshotId();
    }

    @Override
    protected void append(Dataset<Row> rows, WriteRequest request, boolean exists) {
        if (!exists) {
            create(rows, request);
            return;
        }
        evolve(rows, request);
        try {
            writer(rows, request).append();
        } catch (NoSuchTableException e) {
            throw vanished(request, e);
        }
    }

    @Override
    protected void overwrite(Dataset<Row> rows, WriteRequest request, boolean exists) {
        if (!exists) {
            create(rows, request);
            return;
        }
        evolve(rows, request);
        try {
            if (request.write().partitionBy().isEmpty()) {
                writer(rows, request).overwrite(lit(true));
            } else {
                writer(rows, request).overwritePartitions();
            }
        } catch (NoSuchTableException e) {
            throw vanished(request, e);
        }
    }

    /**
     * A whole-table replacement is one overwrite of every row when the schema is unchanged, else Iceberg's atomic
     * REPLACE TABLE. Replacing the rows of some source files is one MERGE that inserts the batch and deletes those
     * rows: an overwrite by filter would refuse a data file holding rows of other files too.
     */
    @Override
    protected void replace(Dataset<Row> rows, WriteRequest request, boolean exists) {
        if (!exists) {
            create(rows, request);
            return;
        }
        try {
            if (!request.replacement().all()) {
                evolve(rows, request);
                String insert = "("
                        + Arrays.stream(rows.columns()).map(SqlSyntax::quote).collect(Collectors.joining(", "))
                        + ") VALUES ("
                        + Arrays.stream(rows.columns())
                                .map(c -> "s." + quote(c))
                                .collect(Collectors.joining(", "))
                        + ")";
                IcebergTables.merge(
                        rows,
                        request,
                        "false",
                        " WHEN NOT MATCHED THEN INSERT " + insert + " WHEN NOT MATCHED BY SOURCE AND "
                                + request.replacement().condition("t") + " THEN DELETE");
            } else if (read(rows.sparkSession(), request.table())
                    .schema()
                    .asNullable()
                    .equals(rows.schema().asNullable())) {
                writer(rows, request).overwrite(lit(true));
            } else {
                creation(rows, request).createOrReplace();
            }
        } catch (NoSuchTableException e) {
            throw vanished(request, e);
        }
    }

    /** Iceberg keeps the table's comment as its {@code comment} property, and a column's as its field's doc. */
    @Override
    public List<String> comment(SparkSession spark, TableRef ref, TableComments comments) {
        return IcebergTables.comment(load(spark, ref), comments);
    }

    private static StrataException vanished(WriteRequest request, Exception cause) {
        return new StrataException(
                ErrorCode.CONFLICT,
                "Cannot write " + request.name() + ": its Iceberg table was dropped during the write (run again)",
                cause);
    }

    /**
     * Creates the table from the batch in one commit. Spark's CREATE TABLE AS SELECT makes every column nullable, as
     * Delta does, so a later batch with NULLs fits.
     */
    private static void create(Dataset<Row> rows, WriteRequest request) {
        SparkSession spark = rows.sparkSession();
        String catalog = IcebergCatalogs.register(spark, request.table().storage());
        spark.sql("CREATE NAMESPACE IF NOT EXISTS "
                + qualified(catalog, request.table().name().layer()));
        try {
            creation(rows, request).create();
        } catch (TableAlreadyExistsException e) {
            throw new StrataException(
                    ErrorCode.CONFLICT,
                    "Cannot create " + request.name() + ": another writer created its Iceberg table meanwhile (run"
                            + " again)",
                    e);
        }
    }

    /** The writer that creates (or replaces) the table from the batch, with its properties and partitioning. */
    private static CreateTableWriter<Row> creation(Dataset<Row> rows, WriteRequest request) {
        CreateTableWriter<Row> writer = writer(rows, request)
                .using("iceberg")
                .tableProperty("format-version", "2")
                // Old metadata files go with the commits that replace them, past Iceberg's 100 previous versions.
                .tableProperty("write.metadata.delete-after-commit.enabled", "true");
        List<String> partitionBy = request.write().partitionBy();
        if (!partitionBy.isEmpty()) {
            List<Column> rest =
                    partitionBy.stream().skip(1).map(c -> col(quote(c))).toList();
            writer = writer.partitionedBy(
                    col(quote(partitionBy.get(0))),
                    scala.collection.JavaConverters.asScalaBuffer(rest).toSeq());
        }
        return writer;
    }

    /** A DataFrame writer for the table, with the format options and the batch's commit id in the snapshot summary. */
    private static DataFrameWriterV2<Row> writer(Dataset<Row> rows, WriteRequest request) {
        return rows.writeTo(identifier(rows.sparkSession(), request.table()))
                .options(request.write().options())
                .option(SNAPSHOT_PROPERTY + CommitId.APP_KEY, request.commit().appId())
                .option(
                        SNAPSHOT_PROPERTY + CommitId.VERSION_KEY,
                        Long.toString(request.commit().version()));
    }

    /**
     * Under {@code add_columns}, adds the batch's new columns and nested fields to the table before the data commit.
     * Schema changes make no snapshot, so a retry of a failed write finds them applied and the batch not committed.
     */
    private static void evolve(Dataset<Row> rows, WriteRequest request) {
        if (request.schemaEvolution() != SchemaEvolution.ADD_COLUMNS) {
            return;
        }
        Table table = load(rows.sparkSession(), request.table());
        Schema incoming = SparkSchemaUtil.convert(rows.schema().asNullable());
        UpdateSchema update = table.updateSchema().unionByNameWith(incoming);
        if (!update.apply().sameSchema(table.schema())) {
            update.commit();
        }
    }

    @Override
    protected void upsert(Dataset<Row> rows, WriteRequest request, List<String> keys, String deleteFlag) {
        Dataset<Row> data = deleteFlag == null ? rows : rows.drop(deleteFlag);
        evolve(data, request);
        List<String> columns = Arrays.asList(data.columns());
        String set =
                columns.stream().map(c -> "t." + quote(c) + " = s." + quote(c)).collect(Collectors.joining(", "));
        String insert = "(" + columns.stream().map(SqlSyntax::quote).collect(Collectors.joining(", "))
                + ") VALUES ("
                + columns.stream().map(c -> "s." + quote(c)).collect(Collectors.joining(", ")) + ")";
        String actions;
        if (deleteFlag == null) {
            actions = " WHEN MATCHED THEN UPDATE SET " + set + " WHEN NOT MATCHED THEN INSERT " + insert;
        } else {
            String flagged = "s." + quote(deleteFlag);
            actions = " WHEN MATCHED AND " + flagged + " THEN DELETE"
                    + " WHEN MATCHED THEN UPDATE SET " + set
                    + " WHEN NOT MATCHED AND NOT " + flagged + " THEN INSERT " + insert;
        }
        IcebergTables.merge(rows, request, keysMatch(keys), actions);
    }

    @Override
    protected void delete(Dataset<Row> keyRows, WriteRequest request, List<String> keys) {
        IcebergTables.merge(keyRows, request, keysMatch(keys), " WHEN MATCHED THEN DELETE");
    }

    /**
     * Makes {@code layer.name} resolve to the table in SQL: a view in the session catalog over the Iceberg catalog's
     * table, since a path-based table there would bypass a JDBC or REST catalog.
     */
    @Override
    public void register(SparkSession spark, TableRef table) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + quote(table.name().layer()));
        Sink.dropRegistration(spark, table);
        spark.sql("CREATE VIEW " + qualified(table.name().layer(), table.name().name()) + " AS SELECT * FROM "
                + identifier(spark, table));
    }

    /** Compaction, snapshot expiry and orphan-file removal through Iceberg's actions ({@link IcebergMaintenance}). */
    @Override
    public MaintenanceResult maintain(SparkSession spark, TableRef table, Duration retention) {
        return IcebergMaintenance.maintain(spark, load(spark, table), retention);
    }
}
