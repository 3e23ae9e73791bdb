package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code regex}: a row fails when its text does not contain a match of the pattern. */
public final class RegexRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.REGEX;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column", "pattern");
    }

    @Override
    public String example() {
        return "{rule: regex, column: email, pattern: '^[^@]+@[^@]+$'}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `pattern` (Java syntax)";
    }

    @Override
    public String meaning() {
        return "its text does not contain a match of `pattern` (anchor it with `^…$` to match the whole value)";
    }
}
