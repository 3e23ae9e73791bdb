package dev.strata.engine.quality;

import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.spec.NullHandling;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a rule that judges rows into a boolean "failed" column. By default ({@code nulls: fail}) a NULL value fails every
 * value rule (regex, between, in_set, not_in_set, length, type, references, and an expression that evaluates to NULL),
 * as Deequ's compliance and pattern match count it; {@code nulls: pass} and {@code nulls: ignore} let it pass (ignore
 * also leaves it unchecked). {@code not_null} is the rule about NULL itself. {@code where:} limits a rule to matching
 * rows; the others pass.
 */
public final class RowRules {
    private RowRules() {}

    /**
     * The column that is true for each row that breaks the rule. A references rule reads {@code referenceFound}, the
     * column a join with the referenced keys added; other rules ignore it.
     */
    public static Column failed(RuleSpec rule, Column referenceFound) {
        return failed(rule, referenceFound, null);
    }

    /** As {@link #failed(RuleSpec, Column)}, over rows of {@code schema} (when known, a bound of a decimal column is
     * compared in the column's own type). */
    static Column failed(RuleSpec rule, Column referenceFound, StructType schema) {
        Column value = rule.column() == null ? null : column(rule.column());
        Column failed = switch (rule.rule()) {
            case NOT_NULL -> value.isNull();
            case REGEX -> not(coalesce(value.cast("string").rlike(rule.pattern()), lit(false)));
            case BETWEEN -> not(coalesce(between(rule, DecimalValues.type(schema, rule.column())), lit(false)));
            case IN_SET -> not(coalesce(value.isin(rule.values().toArray()), lit(false)));
            case NOT_IN_SET -> not(coalesce(not(value.isin(rule.values().toArray())), lit(false)));
            case LENGTH -> not(coalesce(lengthWithin(rule), lit(false)));
            case TYPE -> parsed(rule).isNull();
            case EXPRESSION ->
                rule.nulls() == NullHandling.FAIL
                        ? not(coalesce(expr(rule.expression()), lit(false)))
                        : coalesce(not(expr(rule.expression())), lit(false));
            case REFERENCES -> value.isNull().or(not(referenceFound));
            default -> throw new IllegalArgumentException("rule " + rule.rule().id() + " is not judged row by row");
        };
        if (rule.nulls() != NullHandling.FAIL && value != null && rule.rule() != RuleType.NOT_NULL) {
            // nulls: pass or ignore; with ignore the NULL rows are not checked either (RuleSpec.checkedWhere).
            failed = value.isNotNull().and(failed);
        }
        String where = rule.checkedWhere();
        return where == null ? failed : coalesce(expr(where), lit(false)).and(failed);
    }

    /** How many rows {@code condition} is true for: 0, never NULL, over no rows. */
    public static Column countTrue(Column condition) {
        return coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
    }

    /** A column by name, quoted so that any name works. */
    public static Column column(String name) {
        return col(quote(name));
    }

    private static Column between(RuleSpec rule, DataType type) {
        Column value = column(rule.column());
        Column result = lit(true);
        if (rule.min() != null) {
            Column min = DecimalValues.bound(rule.min(), type);
            result = result.and(rule.strictMin() ? value.gt(min) : value.geq(min));
        }
        if (rule.max() != null) {
            Column max = DecimalValues.bound(rule.max(), type);
            result = result.and(rule.strictMax() ? value.lt(max) : value.leq(max));
        }
        // A NULL value makes the comparison NULL, which the caller counts as failing.
        return result.and(value.isNotNull());
    }

    private static Column lengthWithin(RuleSpec rule) {
        Column length = length(column(rule.column()).cast("string"));
        Column result = length.isNotNull();
        if (rule.min() != null) {
            result = result.and(length.geq(lit(rule.min().intValue())));
        }
        if (rule.max() != null) {
            result = result.and(length.leq(lit(rule.max().intValue())));
        }
        return result;
    }

    /** The value parsed as the rule's type, or NULL when it is NULL or does not parse. */
    private static Column parsed(RuleSpec rule) {
        String name = quote(rule.column());
        return expr("try_cast(CAST(" + name + " AS STRING) AS " + rule.type() + ")");
    }

    static Column allNull(List<String> keys) {
        return keys.stream().map(k -> column(k).isNull()).reduce(Column::and).orElseThrow();
    }

    static Column[] columns(List<String> names) {
        return names.stream().map(RowRules::column).toArray(Column[]::new);
    }
}
