package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.RuleSuggestions;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.quality.profile.ColumnProfile;
import dev.strata.core.quality.profile.DatasetProfile;
import dev.strata.core.quality.profile.Frequencies;
import dev.strata.core.quality.profile.PatternClass;
import dev.strata.core.quality.profile.ValueCount;
import dev.strata.core.spec.RuleSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Profiles a dataset's columns. Every statistic and pattern class count comes from one aggregation over the rows;
 * exact value counts take one more grouping, only over the columns whose distinct estimate is at most {@link
 * #FREQUENCIES_UP_TO}. Only those aggregates reach the driver, never data rows.
 */
public final class Profiler {
    /** Relative standard deviation of the HyperLogLog++ distinct estimates ({@code approx_count_distinct}). */
    public static final double DISTINCT_RELATIVE_ERROR = 0.02;
    /** Columns with at most this many distinct values (estimated) get exact value counts. */
    public static final long FREQUENCIES_UP_TO = 1000;

    private Profiler() {}

    /** The profile of {@code rows}: at most two passes over them (statistics, then value counts). */
    public static DatasetProfile profile(String dataset, Dataset<Row> rows) {
        StructField[] fields = rows.schema().fields();
        List<Column> projected = new ArrayList<>();
        List<Column> aggregates = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            ColumnKind kind = kind(fields[i].dataType());
            Column value = col(c(i));
            projected.add(RowRules.column(fields[i].name()).as(c(i)));
            aggregates.add(count(value).as(c(i) + "_values"));
            if (kind == ColumnKind.COMPLEX) {
                continue;
            }
            aggregates.add(approx_count_distinct(value, DISTINCT_RELATIVE_ERROR).as(c(i) + "_distinct"));
            if (kind.ordered()) {
                aggregates.add(extreme(min(value), fields[i].dataType()).as(c(i) + "_min"));
                aggregates.add(extreme(max(value), fields[i].dataType()).as(c(i) + "_max"));
            }
            if (kind.numeric()) {
                aggregates.add(avg(value).cast("double").as(c(i) + "_mean"));
                aggregates.add(stddev_pop(value).as(c(i) + "_stddev"));
            }
            if (kind == ColumnKind.STRING) {
                aggregates.add(min(length(value)).as(c(i) + "_min_length"));
                aggregates.add(max(length(value)).as(c(i) + "_max_length"));
                // The class of each value is computed once, in a projection, and counted per class below.
                projected.add(patternClass(RowRules.column(fields[i].name())).as(c(i) + "_class"));
                for (PatternClass shape : PatternClass.values()) {
                    aggregates.add(count(when(col(c(i) + "_class").equalTo(shape.ordinal()), true))
                            .as(c(i) + "_" + shape.id()));
                }
            }
        }
        Row stats = rows.select(projected.toArray(Column[]::new))
                .agg(count(lit(1)).as("rows"), aggregates.toArray(Column[]::new))
                .first();
        long rowCount = stats.getLong(stats.fieldIndex("rows"));
        Map<Integer, Frequencies> frequencies = frequencies(rows, fields, stats);
        List<ColumnProfile> columns = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            columns.add(columnProfile(i, fields[i], stats, rowCount, frequencies.get(i)));
        }
        return new DatasetProfile(dataset, rowCount, DISTINCT_RELATIVE_ERROR, columns);
    }

    /**
     * The rules {@code rows} satisfy today ({@link RuleSuggestions#suggest}); the columns that may be unique are counted
     * exactly first, in one more aggregation.
     */
    public static List<RuleSpec> suggest(Dataset<Row> rows, DatasetProfile profile) {
        return RuleSuggestions.suggest(profile, uniqueColumns(rows, RuleSuggestions.uniqueCandidates(profile)));
    }

    /** Which of {@code candidates} hold no non-null value twice: exact distinct counts, in one aggregation. */
    public static Set<String> uniqueColumns(Dataset<Row> rows, List<String> candidates) {
        if (candidates.isEmpty()) {
            return Set.of();
        }
        List<Column> aggregates = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Column value = RowRules.column(candidates.get(i));
            aggregates.add(count(value).as(c(i) + "_values"));
            aggregates.add(countDistinct(value).as(c(i) + "_distinct"));
        }
        Row counts = rows.agg(
                        aggregates.get(0),
                        aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();
        Set<String> unique = new HashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (counts.getLong(2 * i) == counts.getLong(2 * i + 1)) {
                unique.add(candidates.get(i));
            }
        }
        return Set.copyOf(unique);
    }

    /**
     * Exact counts of the columns with few distinct values: the columns are unpivoted to (column, value) pairs and
     * grouped once; the {@link Frequencies#ALL_UP_TO} most frequent values of each column reach the driver.
     */
    private static Map<Integer, Frequencies> frequencies(Dataset<Row> rows, StructField[] fields, Row stats) {
        Map<Integer, Frequencies> result = new HashMap<>();
        List<Column> counted = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            ColumnKind kind = kind(fields[i].dataType());
            if (kind == ColumnKind.COMPLEX || kind == ColumnKind.BINARY) {
                continue;
            }
            if (stats.getLong(stats.fieldIndex(c(i) + "_values")) == 0) {
                result.put(i, new Frequencies(0, List.of(), List.of()));
            } else if (stats.getLong(stats.fieldIndex(c(i) + "_distinct")) <= FREQUENCIES_UP_TO) {
                counted.add(RowRules.column(fields[i].name()).cast("string").as(c(i)));
            }
        }
        if (counted.isEmpty()) {
            return result;
        }
        WindowSpec byColumn = Window.partitionBy("column");
        List<Row> top = rows.select(counted.toArray(Column[]::new))
                .unpivot(new Column[0], "column", "value")
                .where(col("value").isNotNull())
                .groupBy("column", "value")
                .count()
                .withColumn(
                        "rank", row_number().over(byColumn.orderBy(col("count").desc(), col("value"))))
                .withColumn("distinct", count(lit(1)).over(byColumn))
                .where(col("rank").leq(Frequencies.ALL_UP_TO))
                .orderBy("column", "rank")
                .collectAsList();
        Map<Integer, List<Row>> byIndex = new HashMap<>();
        for (Row row : top) {
            int index = Integer.parseInt(row.getString(0).substring(1));
            byIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(row);
        }
        byIndex.forEach((index, ranked) -> {
            long distinct = ranked.get(0).getLong(ranked.get(0).fieldIndex("distinct"));
            List<ValueCount> mostFrequent = ranked.stream()
                    .limit(Frequencies.TOP)
                    .map(r -> new ValueCount(r.getString(1), r.getLong(2)))
                    .toList();
            List<String> all = new ArrayList<>();
            if (distinct <= Frequencies.ALL_UP_TO) {
                ranked.forEach(r -> all.add(r.getString(1)));
                all.sort(
                        kind(fields[index].dataType()) == ColumnKind.INTEGRAL
                                ? Comparator.comparing(Long::valueOf)
                                : Comparator.naturalOrder());
            }
            result.put(index, new Frequencies(distinct, mostFrequent, all));
        });
        return result;
    }

    private static ColumnProfile columnProfile(
            int i, StructField field, Row stats, long rowCount, Frequencies frequencies) {
        ColumnKind kind = kind(field.dataType());
        long values = stats.getLong(stats.fieldIndex(c(i) + "_values"));
        Long distinct = kind == ColumnKind.COMPLEX ? null : stats.getLong(stats.fieldIndex(c(i) + "_distinct"));
        Map<PatternClass, Long> patterns = new EnumMap<>(PatternClass.class);
        if (kind == ColumnKind.STRING) {
            for (PatternClass shape : PatternClass.values()) {
                patterns.put(shape, stats.getLong(stats.fieldIndex(c(i) + "_" + shape.id())));
            }
        }
        return new ColumnProfile(
                field.name(),
                field.dataType().simpleString(),
                kind,
                rowCount,
                rowCount - values,
                distinct,
                kind.ordered() ? text(stats.get(stats.fieldIndex(c(i) + "_min"))) : null,
                kind.ordered() ? text(stats.get(stats.fieldIndex(c(i) + "_max"))) : null,
                kind == ColumnKind.STRING ? (Integer) stats.get(stats.fieldIndex(c(i) + "_min_length")) : null,
                kind == ColumnKind.STRING ? (Integer) stats.get(stats.fieldIndex(c(i) + "_max_length")) : null,
                kind.numeric() ? (Double) stats.get(stats.fieldIndex(c(i) + "_mean")) : null,
                kind.numeric() ? (Double) stats.get(stats.fieldIndex(c(i) + "_stddev")) : null,
                frequencies,
                patterns);
    }

    /** A min or max as the profile shows it: floats widened exactly to double, dates and timestamps as Spark prints them. */
    private static Column extreme(Column aggregate, DataType type) {
        if (type instanceof FloatType) {
            return aggregate.cast("double");
        }
        ColumnKind kind = kind(type);
        return kind == ColumnKind.DATE || kind == ColumnKind.TIMESTAMP ? aggregate.cast("string") : aggregate;
    }

    /** The index of the first {@link PatternClass} whose pattern the value matches; NULL for NULL. */
    private static Column patternClass(Column value) {
        Column text = value.cast("string");
        Column shape = null;
        for (PatternClass candidate : PatternClass.values()) {
            Column matches = candidate.pattern() == null ? text.isNotNull() : text.rlike(candidate.pattern());
            shape = shape == null ? when(matches, candidate.ordinal()) : shape.when(matches, candidate.ordinal());
        }
        return shape;
    }

    static ColumnKind kind(DataType type) {
        if (type instanceof ByteType
                || type instanceof ShortType
                || type instanceof IntegerType
                || type instanceof LongType) {
            return ColumnKind.INTEGRAL;
        }
        if (type instanceof FloatType || type instanceof DoubleType || type instanceof DecimalType) {
            return ColumnKind.FRACTIONAL;
        }
        if (type instanceof StringType) {
            return ColumnKind.STRING;
        }
        if (type instanceof DateType) {
            return ColumnKind.DATE;
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return ColumnKind.TIMESTAMP;
        }
        if (type instanceof BooleanType) {
            return ColumnKind.BOOLEAN;
        }
        return type instanceof BinaryType ? ColumnKind.BINARY : ColumnKind.COMPLEX;
    }

    /** Numbers in plain notation (no exponent) where finite. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double number) {
            return Double.isFinite(number) ? new BigDecimal(number.toString()).toPlainString() : number.toString();
        }
        return value.toString();
    }

    /** The alias of the i-th column; data column names may hold any character. */
    private static String c(int i) {
        return "c" + i;
    }
}
