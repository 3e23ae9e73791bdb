package dev.strata.engine.sink;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Lookups and rewrites of Spark schemas that the sinks share. */
final class StructTypes {
    private StructTypes() {}

    /** The field named {@code name}, ignoring case as Spark resolves columns, or null. */
    static StructField find(StructType schema, String name) {
        for (StructField field : schema.fields()) {
            if (field.name().equalsIgnoreCase(name)) {
                return field;
            }
        }
        return null;
    }

    /** The type with every field, element and map value nullable; field metadata is kept. */
    static DataType nullable(DataType type) {
        return nullable(type, true);
    }

    /** The type with every field, element and map value nullable and no field metadata, as files read back. */
    static DataType nullableWithoutMetadata(DataType type) {
        return nullable(type, false);
    }

    private static DataType nullable(DataType type, boolean keepMetadata) {
        if (type instanceof StructType struct) {
            List<StructField> fields = new ArrayList<>();
            for (StructField field : struct.fields()) {
                Metadata metadata = keepMetadata ? field.metadata() : Metadata.empty();
                fields.add(new StructField(field.name(), nullable(field.dataType(), keepMetadata), true, metadata));
            }
            return new StructType(fields.toArray(StructField[]::new));
        }
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(nullable(array.elementType(), keepMetadata), true);
        }
        if (type instanceof MapType map) {
            return DataTypes.createMapType(
                    nullable(map.keyType(), keepMetadata), nullable(map.valueType(), keepMetadata), true);
        }
        return type;
    }
}
