package dev.strata.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints query results as an aligned table, CSV, or one JSON array of row objects. */
final class QueryOutput {
    private QueryOutput() {}

    /** The rows in {@code format}; nothing for a statement that has no result columns ({@code SET}, DDL). */
    static String render(Dataset<Row> rows, String format) {
        if (rows.columns().length == 0) {
            return "";
        }
        return switch (format) {
            case "json" -> "[" + String.join(",", rows.toJSON().collectAsList()) + "]\n";
            case "csv" -> csv(rows);
            default -> table(rows);
        };
    }

    private static String csv(Dataset<Row> rows) {
        StringBuilder out = new StringBuilder(String.join(",", rows.columns())).append('\n');
        for (Row row : rows.collectAsList()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                cells.add(csvCell(row.isNullAt(i) ? "" : cell(row.get(i))));
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    private static String csvCell(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static String table(Dataset<Row> rows) {
        String[] columns = rows.columns();
        List<String[]> cells = new ArrayList<>();
        cells.add(columns);
        for (Row row : rows.collectAsList()) {
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                line[i] = row.isNullAt(i) ? "NULL" : cell(row.get(i));
            }
            cells.add(line);
        }
        int[] widths = new int[columns.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] line = cells.get(r);
            for (int i = 0; i < line.length; i++) {
                out.append(line[i]).append(" ".repeat(widths[i] - line[i].length()));
                out.append(i == line.length - 1 ? "" : " | ");
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append("-".repeat(widths[i])).append(i == widths.length - 1 ? "" : "-+-");
                }
                out.append('\n');
            }
        }
        out.append("(")
                .append(cells.size() - 1)
                .append(" row")
                .append(cells.size() == 2 ? "" : "s")
                .append(")\n");
        return out.toString();
    }

    private static String cell(Object value) {
        if (value instanceof scala.collection.Seq<?> seq) {
            return scala.collection.JavaConverters.seqAsJavaList(seq).toString();
        }
        return String.valueOf(value);
    }
}
