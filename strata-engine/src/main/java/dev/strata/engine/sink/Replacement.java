package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.literal;
import static dev.strata.engine.sql.SqlSyntax.quote;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which rows of a table a write replaces, in one atomic commit, whatever the dataset's write mode: all of them (a full
 * refresh), those whose {@code column} holds one of {@code values} (a backfill of an append table: the rows earlier
 * runs loaded from the same source files), or those whose {@code column} holds a prefix and a number in one of {@code
 * ranges} (a backfill of a Kafka topic: the rows loaded from the same offsets, {@code kafka://topic/partition/offset}).
 *
 * @param column the column that picks the replaced rows, or null for every row
 * @param values the values of {@code column} whose rows are replaced
 * @param ranges the numbered values of {@code column} whose rows are replaced
 */
public record Replacement(String column, List<String> values, List<Range> ranges) {
    /** The whole table, schema included: the table is rebuilt from the batch. */
    public static final Replacement ALL = new Replacement(null, List.of(), List.of());

    /** The values {@code prefix + n} for {@code from <= n < until}. */
    public record Range(String prefix, long from, long until) {
        public Range {
            if (prefix == null || prefix.isEmpty() || from < 0 || until <= from) {
                throw new IllegalArgumentException(
                        "not a range of values: " + prefix + "[" + from + ", " + until + ")");
            }
        }
    }

    public Replacement {
        values = List.copyOf(values);
        ranges = List.copyOf(ranges);
        if (column != null && values.isEmpty() && ranges.isEmpty()) {
            throw new IllegalArgumentException("a replacement by " + column + " needs values; use ALL for every row");
        }
    }

    /** The rows whose {@code column} holds one of {@code values}. */
    public static Replacement where(String column, List<String> values) {
        return new Replacement(column, values, List.of());
    }

    /** The rows whose {@code column} holds a value of one of {@code ranges}. */
    public static Replacement within(String column, List<Range> ranges) {
        return new Replacement(column, List.of(), ranges);
    }

    public boolean all() {
        return column == null;
    }

    /** The replaced rows as a Spark SQL condition, its column qualified by {@code alias} when that is not null. */
    public String condition(String alias) {
        String qualified = (alias == null ? "" : alias + ".") + quote(column);
        if (ranges.isEmpty()) {
            return qualified + " IN (" + values.stream().map(v -> literal(v)).collect(Collectors.joining(", ")) + ")";
        }
        // A value outside the ranges' form (another prefix, no number) casts to NULL, which matches no range.
        return ranges.stream()
                .map(range -> {
                    String number = "TRY_CAST(substring(" + qualified + ", "
                            + (range.prefix().length() + 1) + ") AS BIGINT)";
                    return "(startswith(" + qualified + ", " + literal(range.prefix()) + ") AND " + number + " >= "
                            + range.from() + " AND " + number + " < " + range.until() + ")";
                })
                .collect(Collectors.joining(" OR ", "(", ")"));
    }
}
