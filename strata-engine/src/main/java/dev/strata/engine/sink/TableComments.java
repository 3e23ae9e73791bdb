package dev.strata.engine.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a table's comments should say: the dataset's {@code description:} and its {@code columns:} descriptions.
 *
 * @param table the table's comment, or null to leave it as it is
 * @param columns each described column's comment, by column name
 */
public record TableComments(String table, Map<String, String> columns) {
    public TableComments {
        columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public boolean isEmpty() {
        return table == null && columns.isEmpty();
    }

    /** The described columns of {@code schema} whose comment differs from the description, by their name there. */
    Map<String, String> changedColumns(StructType schema) {
        Map<String, String> changed = new LinkedHashMap<>();
        columns.forEach((name, description) -> {
            for (StructField field : schema.fields()) {
                if (field.name().equalsIgnoreCase(name)) {
                    Optional<String> current = Optional.ofNullable(
                            field.getComment().isDefined() ? field.getComment().get() : null);
                    if (!current.equals(Optional.of(description))) {
                        changed.put(field.name(), description);
                    }
                }
            }
        });
        return changed;
    }

    /** Whether the table's comment is to change from {@code current}. */
    boolean tableChanged(String current) {
        return table != null && !table.equals(current);
    }
}
