package dev.strata.core.quality.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The first rows of a dataset's quarantine table, as strings ({@code null} for SQL NULL), and how many rows it holds
 * in all. The caller caps {@code rows}; each row has one value per column.
 */
public record QuarantineSample(String table, List<String> columns, List<List<String>> rows, long totalRows) {
    public QuarantineSample {
        requireNonNull(table, "table is null");
        columns = List.copyOf(columns);
        // List.copyOf rejects nulls, and a quarantined value is often null: that is why it was quarantined.
        rows = rows.stream()
                .map(row -> Collections.unmodifiableList(new ArrayList<>(row)))
                .toList();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != columns.size()) {
                throw new IllegalArgumentException("Cannot sample quarantine table " + table + ": row " + (i + 1)
                        + " has " + rows.get(i).size() + " values for " + columns.size() + " columns");
            }
        }
    }
}
