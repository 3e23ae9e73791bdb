package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.literal;
import static dev.strata.engine.sql.SqlSyntax.quote;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which rows of a table a write replaces, in one atomic commit, whatever the dataset's write mode: all of them (a full
 * refresh), or those whose {@code column} holds one of {@code values} (a backfill of an append table: the rows earlier
 * runs loaded from the same source files).
 *
 * @param column the column that picks the replaced rows, or null for every row
 * @param values the values of {@code column} whose rows are replaced
 */
public record Replacement(String column, List<String> values) {
    /** The whole table, schema included: the table is rebuilt from the batch. */
    public static final Replacement ALL = new Replacement(null, List.of());

    public Replacement {
        values = List.copyOf(values);
        if (column != null && values.isEmpty()) {
            throw new IllegalArgumentException("a replacement by " + column + " needs values; use ALL for every row");
        }
    }

    /** The rows whose {@code column} holds one of {@code values}. */
    public static Replacement where(String column, List<String> values) {
        return new Replacement(column, values);
    }

    public boolean all() {
        return column == null;
    }

    /** The replaced rows as a Spark SQL condition, its column qualified by {@code alias} when that is not null. */
    public String condition(String alias) {
        return (alias == null ? "" : alias + ".") + quote(column) + " IN ("
                + values.stream().map(v -> literal(v)).collect(Collectors.joining(", ")) + ")";
    }
}
