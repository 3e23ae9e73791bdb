package dev.strata.core.validate;

import dev.strata.core.quality.rules.RuleKinds;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * The YAML fields each rule type takes and an example of it, as its rule kind declares them in the rule registry
 * ({@link RuleKinds}): the rule checks read them to reject a field that does not apply, to say what a rule takes, and
 * to show how to write it.
 */
final class RuleFields {
    /** The fields every rule takes besides {@code rule}. */
    static final List<String> COMMON = List.of("name", "on_fail", "where");

    private RuleFields() {}

    /** The fields {@code type} takes besides {@link #COMMON} and {@code rule}, in the order messages list them. */
    static List<String> of(RuleType type) {
        return RuleKinds.of(type).fields();
    }

    /** A complete rule of {@code type} in YAML flow style, e.g. {@code {rule: not_null, column: order_id}}. */
    static String example(RuleType type) {
        return RuleKinds.of(type).example();
    }

    /** Whether {@code type} takes {@code column} or {@code columns}, one of them required. */
    static boolean takesColumns(RuleType type) {
        return of(type).contains("columns") && of(type).contains("column");
    }

    /** Whether {@code type} checks a pair of columns, so {@code columns} is required with two. */
    static boolean needsPair(RuleType type) {
        return of(type).contains("columns") && !of(type).contains("column");
    }

    /** Whether {@code type} checks exactly one column, so {@code column} is required. */
    static boolean needsColumn(RuleType type) {
        return of(type).contains("column") && !takesColumns(type);
    }
}
