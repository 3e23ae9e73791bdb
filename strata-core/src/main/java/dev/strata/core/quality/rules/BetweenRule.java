package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code between}: a row fails when its value is outside the bounds. */
public final class BetweenRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.BETWEEN;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column", "min", "max", "strict");
    }

    @Override
    public String example() {
        return "{rule: between, column: amount, min: 0, max: 100000}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `min` and/or `max`, `strict` (default false)";
    }

    @Override
    public String meaning() {
        return "it is outside `[min, max]`, or outside `(min, max)` when `strict`";
    }
}
