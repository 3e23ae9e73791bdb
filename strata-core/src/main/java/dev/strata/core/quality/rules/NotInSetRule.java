package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code not_in_set}: a row fails when its value is one of the forbidden values. */
public final class NotInSetRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.NOT_IN_SET;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column", "values");
    }

    @Override
    public String example() {
        return "{rule: not_in_set, column: status, values: [deleted]}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `values`";
    }

    @Override
    public String meaning() {
        return "it is one of `values`";
    }
}
