package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code length}: a row fails when the length of its text is outside the bounds. */
public final class LengthRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.LENGTH;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column", "min", "max");
    }

    @Override
    public String example() {
        return "{rule: length, column: country, min: 2, max: 2}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `min` and/or `max`";
    }

    @Override
    public String meaning() {
        return "the length of its text is outside `[min, max]`";
    }
}
