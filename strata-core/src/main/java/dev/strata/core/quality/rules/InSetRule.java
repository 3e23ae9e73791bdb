package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code in_set}: a row fails when its value is not one of the allowed values. */
public final class InSetRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.IN_SET;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column", "values");
    }

    @Override
    public String example() {
        return "{rule: in_set, column: currency, values: [EUR, USD]}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `values`";
    }

    @Override
    public String meaning() {
        return "it is not one of `values`";
    }
}
