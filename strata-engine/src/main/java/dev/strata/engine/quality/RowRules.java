package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import dev.strata.core.error.UnsupportedFeatureException;
import dev.strata.core.spec.RuleSpec;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Turns a rule that judges rows into a boolean "failed" column. NULL values fail regex, between and in_set, as in
 * Deequ's compliance and pattern match; {@code where:} limits the rule to matching rows, the others pass.
 */
public final class RowRules {
    private RowRules() {}

    /** The column that is true for each row that breaks the rule. */
    public static Column failed(RuleSpec rule, String location) {
        Column failed = switch (rule.rule()) {
            case NOT_NULL -> column(rule).isNull();
            case REGEX -> not(coalesce(column(rule).cast("string").rlike(rule.pattern()), lit(false)));
            case BETWEEN -> not(coalesce(between(rule), lit(false)));
            case IN_SET -> not(coalesce(column(rule).isin(rule.values().toArray()), lit(false)));
            case EXPRESSION -> not(coalesce(expr(rule.expression()), lit(false)));
            case UNIQUE -> duplicated(rule);
            default ->
                throw new UnsupportedFeatureException("rule '" + rule.rule().id() + "' (see issue #4)", location);
        };
        return rule.where() == null
                ? failed
                : coalesce(expr(rule.where()), lit(false)).and(failed);
    }

    private static Column column(RuleSpec rule) {
        return col("`" + rule.column().replace("`", "``") + "`");
    }

    private static Column between(RuleSpec rule) {
        Column value = column(rule);
        Column result = lit(true);
        if (rule.min() != null) {
            result = result.and(rule.strict() ? value.gt(lit(rule.min())) : value.geq(lit(rule.min())));
        }
        if (rule.max() != null) {
            result = result.and(rule.strict() ? value.lt(lit(rule.max())) : value.leq(lit(rule.max())));
        }
        // A NULL value makes the comparison NULL, which the caller counts as failing.
        return result.and(value.isNotNull());
    }

    /** Rows whose key appears more than once in the batch; a key with a NULL part is never a duplicate. */
    private static Column duplicated(RuleSpec rule) {
        Column[] keys = rule.targetColumns().stream()
                .map(c -> col("`" + c.replace("`", "``") + "`"))
                .toArray(Column[]::new);
        WindowSpec byKey = Window.partitionBy(keys);
        Column anyNull =
                Arrays.stream(keys).map(Column::isNull).reduce(Column::or).orElseThrow();
        return not(anyNull).and(count(lit(1)).over(byKey).gt(1));
    }
}
