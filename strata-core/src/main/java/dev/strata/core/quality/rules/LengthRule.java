package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code length}: a row fails when the length of its text is outside the bounds. */
public final class LengthRule extends RowRuleKind {
    public LengthRule() {
        super(
                RuleType.LENGTH,
                List.of("column", "min", "max", "nulls"),
                "{rule: length, column: country, min: 2, max: 2}",
                "`column`, `min` and/or `max`, `nulls`",
                "the length of its text is outside `[min, max]`");
    }
}
