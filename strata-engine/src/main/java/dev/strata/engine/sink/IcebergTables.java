package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.qualified;
import static dev.strata.engine.sql.SqlSyntax.quote;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.engine.session.OneJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * An Iceberg table of a pipeline: its name in the session's catalog, the table itself, its comments, and the MERGE that
 * upserts, deletes and replaces rows in it.
 */
final class IcebergTables {
    private IcebergTables() {}

    /** {@code `catalog`.`layer`.`name`}, registering the catalog in the session on first use. */
    static String identifier(SparkSession spark, TableRef table) {
        String catalog = IcebergCatalogs.register(spark, table.storage());
        return qualified(catalog, table.name().layer(), table.name().name());
    }

    static Table load(SparkSession spark, TableRef table) {
        try {
            return Spark3Util.loadIcebergTable(spark, identifier(spark, table));
        } catch (NoSuchTableException | ParseException e) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot load Iceberg table " + table + ": " + e.getMessage()
                            + " (build the dataset first, or check storage.iceberg)",
                    e);
        }
    }

    /**
     * Sets the comments that differ from {@code comments}: the table's as its {@code comment} property, a column's as
     * its field's doc; what changed, for the summary.
     */
    static List<String> comment(Table table, TableComments comments) {
        List<String> changed = new ArrayList<>();
        if (comments.tableChanged(table.properties().get("comment"))) {
            table.updateProperties().set("comment", comments.table()).commit();
            changed.add("table comment");
        }
        Map<String, String> columns = comments.changedColumns(SparkSchemaUtil.convert(table.schema()));
        if (!columns.isEmpty()) {
            UpdateSchema update = table.updateSchema();
            columns.forEach((column, text) -> {
                update.updateColumnDoc(column, text);
                changed.add("comment on " + column);
            });
            update.commit();
        }
        return changed;
    }

    /**
     * Runs {@code MERGE INTO} the table from {@code source} on the condition {@code on}, with the batch's commit id in the snapshot
     * summary: SQL takes no write options, so it goes through Iceberg's per-thread commit properties.
     */
    static void merge(Dataset<Row> source, WriteRequest request, String on, String actions) {
        SparkSession spark = source.sparkSession();
        String view = "strata_merge_" + UUID.randomUUID().toString().replace("-", "");
        String sql = "MERGE INTO " + identifier(spark, request.table()) + " t USING " + quote(view) + " s ON " + on
                + actions;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CommitId.APP_KEY, request.commit().appId());
        properties.put(CommitId.VERSION_KEY, Long.toString(request.commit().version()));
        long bytes = OneJob.inputBytes(source) + OneJob.inputBytes(spark.table(identifier(spark, request.table())));
        source.createOrReplaceTempView(view);
        try {
            // A small MERGE runs without adaptive execution (OneJob.inIfSmall): a job per shuffle stage otherwise.
            OneJob.inIfSmall(
                    spark,
                    bytes,
                    () -> CommitMetadata.withCommitProperties(
                            properties, () -> spark.sql(sql), RuntimeException.class));
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage())
                    .contains("matched a single row from the target table with multiple rows")) {
                throw TableSink.sharedKeys(request, e);
            }
            throw e;
        } finally {
            spark.catalog().dropTempView(view);
        }
    }
}
