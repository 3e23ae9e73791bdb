package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.qualified;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** An Iceberg table of a pipeline: its name in the session's catalog, the table itself, and its comments. */
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
}
