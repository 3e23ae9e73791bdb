package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code expression}: a row fails when a SQL condition is false or NULL. */
public final class ExpressionRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.EXPRESSION;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("expression");
    }

    @Override
    public String example() {
        return "{rule: expression, expression: \"shipped_at >= ordered_at\"}";
    }

    @Override
    public String fieldsDoc() {
        return "`expression` (SQL boolean)";
    }

    @Override
    public String meaning() {
        return "the expression is false or NULL";
    }
}
