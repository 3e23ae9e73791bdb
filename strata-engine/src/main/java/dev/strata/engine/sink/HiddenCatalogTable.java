package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.qualified;
import static dev.strata.engine.sql.SqlSyntax.quote;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * Registration of {@code layer.name} as a view over a catalog table kept in a namespace of its own, for formats whose
 * catalog table would show columns that {@link Sink#read} hides (Hudi's {@code _hoodie_*}, the plain files' batch
 * column). A {@code SELECT *} downstream sees only the data columns. Both are recreated on every registration, so the
 * view sees the current schema and files.
 */
final class HiddenCatalogTable {
    private final String namespace;
    private final TableRef table;

    /** The hidden table of {@code table} in {@code namespace}. */
    HiddenCatalogTable(String namespace, TableRef table) {
        this.namespace = namespace;
        this.table = table;
    }

    /** {@code namespace.layer__name}, unquoted, as procedures that take a table name want it. */
    String unquoted() {
        return namespace + "." + tableName();
    }

    /** {@code `namespace`.`layer__name`}. */
    String quoted() {
        return qualified(namespace, tableName());
    }

    private String tableName() {
        return table.name().layer() + "__" + table.name().name();
    }

    /**
     * Recreates the hidden table, then the view over {@code columns}.
     *
     * @param definition what follows {@code CREATE TABLE <hidden>}: columns, {@code USING}, options, location
     * @param partitioned whether to recover the table's partitions from its folders after creating it
     */
    void register(SparkSession spark, String definition, boolean partitioned, String[] columns) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + quote(namespace));
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + quote(table.name().layer()));
        // Dropping the catalog table also drops Spark's cached relation, with its stale file listing.
        spark.sql("DROP TABLE IF EXISTS " + quoted());
        spark.sql("CREATE TABLE " + quoted() + " " + definition);
        if (partitioned) {
            spark.sql("ALTER TABLE " + quoted() + " RECOVER PARTITIONS");
        }
        Sink.dropRegistration(spark, table);
        String list = Arrays.stream(columns).map(c -> quote(c)).collect(Collectors.joining(", "));
        spark.sql("CREATE VIEW " + qualified(table.name().layer(), table.name().name()) + " AS SELECT " + list
                + " FROM " + quoted());
    }
}
