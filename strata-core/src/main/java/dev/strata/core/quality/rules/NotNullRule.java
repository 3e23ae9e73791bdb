package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code not_null}: a row fails when its value is NULL. */
public final class NotNullRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.NOT_NULL;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column");
    }

    @Override
    public String example() {
        return "{rule: not_null, column: order_id}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`";
    }

    @Override
    public String meaning() {
        return "the value is NULL";
    }
}
