package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code regex}: a row fails when its text does not contain a match of the pattern. */
public final class RegexRule extends RowRuleKind {
    public RegexRule() {
        super(
                RuleType.REGEX,
                List.of("column", "pattern", "nulls"),
                "{rule: regex, column: email, pattern: '^[^@]+@[^@]+$'}",
                "`column`, `pattern` (Java syntax), `nulls`",
                "its text does not contain a match of `pattern` (anchor it with `^…$` to match the whole value)");
    }
}
