package dev.strata.engine.sink;

import static dev.strata.engine.sink.StructTypes.find;
import static dev.strata.engine.sql.SqlSyntax.qualified;
import static dev.strata.engine.sql.SqlSyntax.quote;
import static dev.strata.engine.sql.SqlSyntax.typeName;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.WriteMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fits a batch to the table it is written to, as the dataset's {@code schema_evolution} says, the same way for every
 * format:
 *
 * <ul>
 *   <li>{@code strict}: any column added, removed or retyped fails with a diff;
 *   <li>{@code add_columns}: new columns, nested struct fields included, widen the table;
 *   <li>{@code rescue}: the table keeps its schema; unknown fields go to {@code _rescued_data} as a JSON object keyed by
 *       their path;
 *   <li>{@code ignore}: unknown fields are dropped, and named in the run record.
 * </ul>
 *
 * A column the table has and the batch lacks is written as NULL, except under {@code strict}. A type that can be cast to
 * the table's without loss (int to bigint, say) is cast; a change that could lose data is always an error.
 */
final class SchemaAlignment {
    /** The column {@code rescue} fills. */
    static final String RESCUED_DATA = "_rescued_data";

    private final String table;
    private final SchemaEvolution evolution;
    private final WriteMode mode;
    private final Set<String> ownColumns;
    private final List<String> changes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> unknownPaths = new ArrayList<>();

    private SchemaAlignment(String table, SchemaEvolution evolution, WriteMode mode, Set<String> ownColumns) {
        this.table = table;
        this.evolution = evolution;
        this.mode = mode;
        this.ownColumns = ownColumns;
    }

    /** The aligned batch, and what alignment changed. */
    record Aligned(Dataset<Row> rows, List<String> changes) {}

    /**
     * Aligns {@code rows} with the table's schema ({@code null} when the table does not exist yet).
     *
     * @param ownColumns columns the sink adds itself (e.g. SCD2's validity columns), never expected in the input
     */
    static Aligned align(
            Dataset<Row> rows,
            StructType tableSchema,
            String table,
            SchemaEvolution evolution,
            WriteMode mode,
            Set<String> ownColumns) {
        SchemaAlignment alignment = new SchemaAlignment(table, evolution, mode, ownColumns);
        if (tableSchema == null) {
            Dataset<Row> initial = rows;
            if (evolution == SchemaEvolution.RESCUE && !has(rows.schema(), RESCUED_DATA)) {
                initial = rows.withColumn(RESCUED_DATA, lit(null).cast(DataTypes.StringType));
            }
            return new Aligned(initial, List.of());
        }
        return alignment.alignWith(rows, tableSchema);
    }

    private Aligned alignWith(Dataset<Row> rows, StructType tableSchema) {
        List<Column> projection = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            StructField existing = find(tableSchema, field.name());
            if (existing == null) {
                unknown(field.name(), field.dataType());
                if (evolution == SchemaEvolution.ADD_COLUMNS) {
                    projection.add(col(quote(field.name())));
                }
            } else {
                projection.add(fit(col(quote(field.name())), field.name(), field.dataType(), existing.dataType())
                        .as(existing.name()));
            }
        }
        for (StructField field : tableSchema.fields()) {
            if (find(rows.schema(), field.name()) != null
                    || ownColumns.contains(field.name())
                    || field.name().equals(RESCUED_DATA) && evolution == SchemaEvolution.RESCUE) {
                continue;
            }
            if (evolution == SchemaEvolution.STRICT && mode != WriteMode.OVERWRITE) {
                errors.add("- " + field.name() + " " + typeName(field.dataType()));
            } else {
                changes.add("column " + field.name() + " is missing from the input; written as NULL");
                projection.add(lit(null).cast(field.dataType()).as(field.name()));
            }
        }
        if (!errors.isEmpty()) {
            throw new StrataException(
                    ErrorCode.DATASET_FAILED,
                    "Cannot write " + table + ": the input's columns differ from the table's ["
                            + String.join(", ", errors) + "] ("
                            + (errors.stream().allMatch(e -> e.startsWith("+"))
                                    ? "set schema_evolution: add_columns to widen the table, rescue to keep the"
                                            + " unknown fields as JSON, or ignore to drop them"
                                    : "a type change that could lose data is never applied; fix the transform, or"
                                            + " cast the column")
                            + ")");
        }
        if (evolution == SchemaEvolution.RESCUE) {
            projection.add(rescued(rows));
        }
        return new Aligned(rows.select(projection.toArray(Column[]::new)), List.copyOf(changes));
    }

    /** The column expression that writes {@code incoming} as the table's {@code target} type. */
    private Column fit(Column value, String path, DataType incoming, DataType target) {
        if (typeName(incoming).equals(typeName(target))) {
            return value;
        }
        if (incoming instanceof StructType in && target instanceof StructType out) {
            return fitStruct(value, path, in, out);
        }
        if (Cast.canUpCast(incoming, target)) {
            return value.cast(target);
        }
        errors.add("~ " + path + " " + typeName(target) + " -> " + typeName(incoming));
        return value;
    }

    private Column fitStruct(Column value, String path, StructType incoming, StructType target) {
        List<Column> fields = new ArrayList<>();
        for (StructField field : incoming.fields()) {
            String fieldPath = path + "." + field.name();
            StructField existing = find(target, field.name());
            if (existing == null) {
                unknown(fieldPath, field.dataType());
                if (evolution == SchemaEvolution.ADD_COLUMNS) {
                    fields.add(value.getField(field.name()).as(field.name()));
                }
            } else {
                fields.add(fit(value.getField(field.name()), fieldPath, field.dataType(), existing.dataType())
                        .as(existing.name()));
            }
        }
        for (StructField field : target.fields()) {
            if (find(incoming, field.name()) == null) {
                if (evolution == SchemaEvolution.STRICT) {
                    errors.add("- " + path + "." + field.name() + " " + typeName(field.dataType()));
                } else {
                    changes.add("field " + path + "." + field.name() + " is missing from the input; written as NULL");
                    fields.add(lit(null).cast(field.dataType()).as(field.name()));
                }
            }
        }
        Column rebuilt = struct(fields.toArray(Column[]::new));
        return when(value.isNull(), lit(null)).otherwise(rebuilt);
    }

    private void unknown(String path, DataType type) {
        switch (evolution) {
            case STRICT -> errors.add("+ " + path + " " + typeName(type));
            case ADD_COLUMNS -> changes.add("added column " + path + " " + typeName(type));
            case RESCUE -> {
                unknownPaths.add(path);
                changes.add("rescued unknown column " + path + " into " + RESCUED_DATA);
            }
            case IGNORE -> changes.add("ignored unknown column " + path + " (not in the table)");
        }
    }

    /** A JSON object of the unknown fields that hold a value, keyed by path; NULL when none does. */
    private Column rescued(Dataset<Row> rows) {
        Column previous = has(rows.schema(), RESCUED_DATA) ? col(RESCUED_DATA) : lit(null);
        if (unknownPaths.isEmpty()) {
            return previous.cast(DataTypes.StringType).as(RESCUED_DATA);
        }
        List<Column> fields = new ArrayList<>();
        Column anyValue = lit(false);
        for (String path : unknownPaths) {
            Column value = col(qualified(path.split("\\.")));
            fields.add(value.as(path));
            anyValue = anyValue.or(value.isNotNull());
        }
        // to_json leaves out NULL fields, so the object holds only what the input really carried.
        return when(anyValue, to_json(struct(fields.toArray(Column[]::new))))
                .otherwise(previous.cast(DataTypes.StringType))
                .as(RESCUED_DATA);
    }

    static boolean has(StructType schema, String name) {
        return find(schema, name) != null;
    }
}
