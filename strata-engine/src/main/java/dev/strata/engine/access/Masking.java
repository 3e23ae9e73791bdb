package dev.strata.engine.access;

import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.expr;

import dev.strata.core.access.DataAccess;
import dev.strata.core.access.MaskPolicy;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * A dataset's access policy applied to what a reader sees: the row filter (on the stored values) first, then each
 * masked column replaced by its policy, under its own name and in its place. One SQL text per policy serves both a
 * DataFrame ({@link #apply}) and a view ({@link #registerMasked}).
 */
public final class Masking {
    /** The prefix of the name under which {@link #registerMasked} keeps the table the view reads. */
    public static final String UNMASKED_PREFIX = "__strata_unmasked_";

    private Masking() {}

    /** The rows as a reader with these policies sees them. */
    public static Dataset<Row> apply(Dataset<Row> rows, DataAccess access) {
        if (!access.restricts()) {
            return rows;
        }
        Dataset<Row> filtered =
                access.rowFilter().map(filter -> rows.where(expr(filter))).orElse(rows);
        List<Column> columns = new ArrayList<>();
        for (StructField field : filtered.schema().fields()) {
            MaskPolicy policy = access.masks().get(field.name());
            columns.add(
                    policy == null
                            ? filtered.col(quote(field.name()))
                            : expr(sql(field.name(), field.dataType(), policy)).as(field.name()));
        }
        return filtered.select(columns.toArray(Column[]::new));
    }

    /**
     * Makes {@code layer.name} in SQL a view with these policies over the table, which is registered as {@code
     * layer.__strata_unmasked_name}. The table must be registered already (as {@code layer.name}).
     */
    public static void registerMasked(SparkSession spark, TableRef table, String format, DataAccess access) {
        if (!access.restricts()) {
            return;
        }
        DatasetName name = table.name();
        String qualified = quote(name.layer()) + "." + quote(name.name());
        Sink sink = Sinks.forFormat(format);
        TableRef hidden = new TableRef(
                new DatasetName(name.layer(), UNMASKED_PREFIX + name.name()), table.location(), table.storage());
        if (!spark.catalog().tableExists(name.layer(), hidden.name().name())) {
            sink.register(spark, hidden);
        }
        Dataset<Row> stored =
                spark.table(quote(name.layer()) + "." + quote(hidden.name().name()));
        if (access.rowFilter().isPresent()) {
            // Fails here, before the table's own name is replaced, when the filter does not apply to its columns.
            stored.where(expr(access.rowFilter().get())).schema();
        }
        Sink.dropRegistration(spark, table);
        List<String> columns = new ArrayList<>();
        for (StructField field : stored.schema().fields()) {
            MaskPolicy policy = access.masks().get(field.name());
            columns.add(
                    policy == null
                            ? quote(field.name())
                            : sql(field.name(), field.dataType(), policy) + " AS " + quote(field.name()));
        }
        spark.sql("CREATE VIEW " + qualified + " AS SELECT " + String.join(", ", columns) + " FROM "
                + quote(name.layer()) + "." + quote(hidden.name().name())
                + access.rowFilter().map(filter -> " WHERE (" + filter + ")").orElse(""));
    }

    /**
     * Replaces, in SQL, every registered table of the pipeline whose {@code access:} restricts {@code role} with a
     * masked view: the dataset's table, and its quarantine table (the same masks and filter; its {@code _raw_record},
     * which holds the clear text of a malformed record, redacted whenever a column is masked; no rows at all when the
     * filter does not apply to the quarantine's columns).
     */
    public static void restrictAll(SparkSession spark, TableLocations locations, List<DatasetPlan> plans, String role) {
        for (DatasetPlan plan : plans) {
            DataAccess access = DataAccess.resolve(plan.spec().access(), role);
            if (!access.restricts()) {
                continue;
            }
            DatasetName name = plan.name();
            if (spark.catalog().tableExists(name.layer(), name.name())) {
                registerMasked(spark, locations.table(name), plan.format().id(), access);
            }
            DatasetName quarantine = name.quarantine();
            if (spark.catalog().tableExists(quarantine.layer(), quarantine.name())) {
                DataAccess quarantined = quarantine(access);
                try {
                    registerMasked(spark, locations.table(quarantine), "delta", quarantined);
                } catch (RuntimeException e) {
                    registerMasked(
                            spark,
                            locations.table(quarantine),
                            "delta",
                            new DataAccess(quarantined.masks(), java.util.Optional.of("false")));
                }
            }
        }
    }

    /**
     * A dataset's policies for one role as they apply to its quarantine table: the same masks and row filter, and its
     * {@code _raw_record} (the clear text of a malformed record) redacted whenever a column is masked.
     */
    public static DataAccess quarantine(DataAccess access) {
        java.util.Map<String, MaskPolicy> masks = new java.util.HashMap<>(access.masks());
        if (!masks.isEmpty()) {
            masks.put("_raw_record", MaskPolicy.parse("redact"));
        }
        return new DataAccess(masks, access.rowFilter());
    }

    /** The SQL of a policy applied to a column. */
    static String sql(String column, DataType type, MaskPolicy policy) {
        String value = quote(column);
        String text = "CAST(" + value + " AS STRING)";
        return switch (policy.kind()) {
            case CLEAR -> value;
            case REDACT -> "CASE WHEN " + value + " IS NULL THEN NULL ELSE '****' END";
            case HASH -> "sha2(" + text + ", 256)";
            case LAST4 -> "CASE WHEN " + value + " IS NULL THEN NULL ELSE concat('****', right(" + text + ", 4)) END";
            case NULL -> "CAST(NULL AS " + type.sql() + ")";
            case EXPRESSION -> "(" + policy.expression() + ")";
        };
    }
}
