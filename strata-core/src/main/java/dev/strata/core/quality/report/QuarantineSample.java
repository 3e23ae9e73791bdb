package dev.strata.core.quality.report;

import static java.util.Objects.requireNonNull;

import dev.strata.core.secret.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The first rows of a dataset's quarantine table, as strings ({@code null} for SQL NULL), and how many rows it holds
 * in all. The caller caps {@code rows}; each row has one value per column.
 */
public record QuarantineSample(String table, List<String> columns, List<List<String>> rows, long totalRows) {
    /** Rows the metadata store keeps of a sample. */
    public static final int STORED_ROWS = 20;
    /** Characters the metadata store keeps of each value; a longer value is cut and ends with {@link #CUT}. */
    public static final int STORED_VALUE_CHARS = 200;
    /** Bytes (UTF-8) of column names and values the metadata store keeps of a sample: rows past them are left out. */
    public static final int STORED_BYTES = 64 * 1024;
    /** What ends a value cut to {@link #STORED_VALUE_CHARS}. */
    public static final String CUT = "…";

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

    /**
     * This sample as the metadata store keeps it: every name and value passed through {@link Secrets#redact} and then
     * cut to {@link #STORED_VALUE_CHARS}, at most {@link #STORED_ROWS} rows, and no row that would take the names and
     * values past {@link #STORED_BYTES}.
     */
    public QuarantineSample forStore() {
        List<String> names = columns.stream().map(QuarantineSample::stored).toList();
        long bytes = names.stream().mapToLong(QuarantineSample::bytes).sum();
        List<List<String>> kept = new ArrayList<>();
        for (List<String> row : rows) {
            if (kept.size() == STORED_ROWS) {
                break;
            }
            List<String> values = new ArrayList<>(row.size());
            row.forEach(value -> values.add(stored(value)));
            bytes += values.stream().mapToLong(QuarantineSample::bytes).sum();
            if (bytes > STORED_BYTES) {
                break;
            }
            kept.add(values);
        }
        return new QuarantineSample(table, names, kept, totalRows);
    }

    private static String stored(String value) {
        String redacted = Secrets.redact(value);
        if (redacted == null || redacted.length() <= STORED_VALUE_CHARS) {
            return redacted;
        }
        int end = STORED_VALUE_CHARS - CUT.length();
        if (Character.isHighSurrogate(redacted.charAt(end - 1))) {
            end--;
        }
        return redacted.substring(0, end) + CUT;
    }

    private static long bytes(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }
}
