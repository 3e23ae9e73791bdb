package dev.strata.core.validate;

import dev.strata.core.spec.RuleType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML fields each rule type takes and an example of it, declared once: the rule checks read them to reject a
 * field that does not apply, to say what a rule takes, and to show how to write it.
 */
final class RuleFields {
    /** The fields every rule takes besides {@code rule}. */
    static final List<String> COMMON = List.of("name", "on_fail", "where");

    /** The fields of rules that judge rows: how many failing rows are acceptable. */
    private static final List<String> ROW_JUDGING = List.of("mostly", "warn_if", "error_if");

    private record Shape(List<String> fields, String example) {}

    private static final Map<RuleType, Shape> SHAPES = shapes();

    private RuleFields() {}

    /** The fields {@code type} takes besides {@link #COMMON} and {@code rule}, in the order messages list them. */
    static List<String> of(RuleType type) {
        return SHAPES.get(type).fields();
    }

    /** A complete rule of {@code type} in YAML flow style, e.g. {@code {rule: not_null, column: order_id}}. */
    static String example(RuleType type) {
        return SHAPES.get(type).example();
    }

    /** Whether {@code type} takes {@code column} or {@code columns}, one of them required. */
    static boolean takesColumns(RuleType type) {
        return of(type).contains("columns");
    }

    /** Whether {@code type} checks exactly one column, so {@code column} is required. */
    static boolean needsColumn(RuleType type) {
        return of(type).contains("column") && !takesColumns(type);
    }

    private static Map<RuleType, Shape> shapes() {
        Map<RuleType, Shape> shapes = new EnumMap<>(RuleType.class);
        put(shapes, RuleType.NOT_NULL, "{rule: not_null, column: order_id}", "column");
        put(shapes, RuleType.REGEX, "{rule: regex, column: email, pattern: '^[^@]+@[^@]+$'}", "column", "pattern");
        put(
                shapes,
                RuleType.BETWEEN,
                "{rule: between, column: amount, min: 0, max: 100000}",
                "column",
                "min",
                "max",
                "strict");
        put(shapes, RuleType.IN_SET, "{rule: in_set, column: currency, values: [EUR, USD]}", "column", "values");
        put(shapes, RuleType.NOT_IN_SET, "{rule: not_in_set, column: status, values: [deleted]}", "column", "values");
        put(shapes, RuleType.LENGTH, "{rule: length, column: country, min: 2, max: 2}", "column", "min", "max");
        put(shapes, RuleType.TYPE, "{rule: type, column: amount, type: \"DECIMAL(12,2)\"}", "column", "type");
        put(shapes, RuleType.EXPRESSION, "{rule: expression, expression: \"shipped_at >= ordered_at\"}", "expression");
        put(
                shapes,
                RuleType.REFERENCES,
                "{rule: references, column: customer_id, references: silver.customers.customer_id}",
                "column",
                "references");
        put(shapes, RuleType.UNIQUE, "{rule: unique, columns: [order_id]}", "column", "columns");
        put(shapes, RuleType.ROW_COUNT, "{rule: row_count, min: 1}", "min", "max", "max_change_pct");
        put(shapes, RuleType.FRESHNESS, "{rule: freshness, column: ordered_at, max_age: 24h}", "column", "max_age");
        put(shapes, RuleType.COMPLETENESS, "{rule: completeness, column: email, min: 0.95}", "column", "min", "max");
        put(
                shapes,
                RuleType.DISTINCT_COUNT,
                "{rule: distinct_count, column: customer_id, min: 1}",
                "column",
                "columns",
                "min",
                "max");
        put(shapes, RuleType.MIN, "{rule: min, column: amount, min: 0}", "column", "min", "max");
        put(shapes, RuleType.MAX, "{rule: max, column: amount, max: 100000}", "column", "min", "max");
        put(shapes, RuleType.MEAN, "{rule: mean, column: amount, min: 10, max: 500}", "column", "min", "max");
        put(shapes, RuleType.STDDEV, "{rule: stddev, column: amount, max: 1000}", "column", "min", "max");
        put(shapes, RuleType.SUM, "{rule: sum, column: amount, min: 0}", "column", "min", "max");
        put(
                shapes,
                RuleType.AGGREGATE,
                "{rule: aggregate, expression: \"sum(amount)\", min: 0}",
                "expression",
                "min",
                "max");
        put(
                shapes,
                RuleType.ANOMALY,
                "{rule: anomaly, metric: row_count, strategy: relative_rate_of_change, max_increase: 2.0}",
                "metric",
                "strategy",
                "max_increase",
                "max_decrease",
                "min",
                "max",
                "stddevs",
                "warmup",
                "seasonality",
                "history");
        return shapes;
    }

    /** Declares a rule type; rules that judge rows also take {@link #ROW_JUDGING}. */
    private static void put(Map<RuleType, Shape> shapes, RuleType type, String example, String... fields) {
        List<String> all = new ArrayList<>(List.of(fields));
        if (type.judgesRows()) {
            all.addAll(ROW_JUDGING);
        }
        shapes.put(type, new Shape(List.copyOf(all), example));
    }
}
