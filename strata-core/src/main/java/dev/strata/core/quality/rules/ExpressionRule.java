package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code expression}: a row fails when a SQL condition is false or NULL. */
public final class ExpressionRule extends RowRuleKind {
    public ExpressionRule() {
        super(
                RuleType.EXPRESSION,
                List.of("expression", "nulls"),
                "{rule: expression, expression: \"shipped_at >= ordered_at\"}",
                "`expression` (SQL boolean), `nulls`",
                "the expression is false, or NULL (unless `nulls: pass` or `ignore`)");
    }
}
