package dev.strata.engine.sink;

import static dev.strata.engine.sink.StructTypes.find;
import static dev.strata.engine.sql.SqlSyntax.quote;
import static dev.strata.engine.sql.SqlSyntax.typeName;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A plain-file table's schema, as {@value FileTableFolder#SCHEMA_FILE} stores it: the columns, all nullable, and the
 * partition columns in order. It only grows: a batch's new columns (nested fields included) are added last, so CSV
 * files, which are read by position, stay aligned.
 */
record FileTableSchema(StructType columns, List<String> partitionBy) {
    /** Field metadata of a partition column in the schema file: its position in {@code partition_by}. */
    private static final String PARTITION_INDEX = "strata.partition_index";

    /** The schema of a first batch (or of a batch against {@code current}), partitioned by {@code partitionBy}. */
    static FileTableSchema of(StructType batch, FileTableSchema current, List<String> partitionBy) {
        StructType stored = (StructType) StructTypes.nullableWithoutMetadata(batch);
        StructType columns = current == null ? stored : (StructType) widen(current.columns(), stored);
        return new FileTableSchema(columns, partitionNames(columns, partitionBy));
    }

    String json() {
        List<StructField> fields = new ArrayList<>();
        for (StructField field : columns.fields()) {
            int index = partitionBy.indexOf(field.name());
            Metadata metadata = index < 0
                    ? Metadata.empty()
                    : new MetadataBuilder().putLong(PARTITION_INDEX, index).build();
            fields.add(new StructField(field.name(), field.dataType(), true, metadata));
        }
        return new StructType(fields.toArray(StructField[]::new)).json();
    }

    static FileTableSchema parse(String json) {
        StructType stored = (StructType) DataType.fromJson(json);
        List<StructField> partitions = new ArrayList<>();
        for (StructField field : stored.fields()) {
            if (field.metadata().contains(PARTITION_INDEX)) {
                partitions.add(field);
            }
        }
        partitions.sort(Comparator.comparingLong(f -> f.metadata().getLong(PARTITION_INDEX)));
        return new FileTableSchema(
                (StructType) StructTypes.nullableWithoutMetadata(stored),
                partitions.stream().map(StructField::name).toList());
    }

    /** The batch with exactly the table's columns, in its order; struct fields are matched by name. */
    Dataset<Row> conform(Dataset<Row> batch) {
        List<Column> projection = new ArrayList<>();
        for (StructField field : columns.fields()) {
            StructField incoming = find(batch.schema(), field.name());
            projection.add(
                    incoming == null
                            ? lit(null).cast(field.dataType()).as(field.name())
                            : conform(col(quote(incoming.name())), incoming.dataType(), field.dataType())
                                    .as(field.name()));
        }
        return batch.select(projection.toArray(Column[]::new));
    }

    private static Column conform(Column value, DataType from, DataType to) {
        if (typeName(from).equals(typeName(to))) {
            return value;
        }
        if (from instanceof StructType fromStruct && to instanceof StructType toStruct) {
            List<Column> fields = new ArrayList<>();
            for (StructField field : toStruct.fields()) {
                StructField incoming = find(fromStruct, field.name());
                fields.add(
                        incoming == null
                                ? lit(null).cast(field.dataType()).as(field.name())
                                : conform(value.getField(incoming.name()), incoming.dataType(), field.dataType())
                                        .as(field.name()));
            }
            return when(value.isNull(), lit(null).cast(to)).otherwise(struct(fields.toArray(Column[]::new)));
        }
        return value.cast(to);
    }

    /** The partition columns as the table's columns spell them. */
    private static List<String> partitionNames(StructType columns, List<String> partitionBy) {
        return partitionBy.stream()
                .map(p -> {
                    StructField field = find(columns, p);
                    return field == null ? p : field.name();
                })
                .toList();
    }

    /** The table's columns, widened by the new ones of the batch (nested fields included), which come last. */
    private static DataType widen(DataType table, DataType batch) {
        if (!(table instanceof StructType tableStruct) || !(batch instanceof StructType batchStruct)) {
            // Alignment has cast the batch to the table's type.
            return table;
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField field : tableStruct.fields()) {
            StructField incoming = find(batchStruct, field.name());
            fields.add(
                    incoming == null
                            ? field
                            : new StructField(
                                    field.name(),
                                    widen(field.dataType(), incoming.dataType()),
                                    true,
                                    Metadata.empty()));
        }
        for (StructField field : batchStruct.fields()) {
            if (find(tableStruct, field.name()) == null) {
                fields.add(field);
            }
        }
        return new StructType(fields.toArray(StructField[]::new));
    }
}
