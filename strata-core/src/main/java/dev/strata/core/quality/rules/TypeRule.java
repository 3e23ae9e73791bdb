package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code type}: a row fails when its text does not parse as the type. */
public final class TypeRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.TYPE;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column", "type");
    }

    @Override
    public String example() {
        return "{rule: type, column: amount, type: \"DECIMAL(12,2)\"}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `type` (a Spark SQL type, e.g. `INT`, `DECIMAL(12,2)`, `DATE`)";
    }

    @Override
    public String meaning() {
        return "its text does not parse as `type` (`try_cast`)";
    }
}
