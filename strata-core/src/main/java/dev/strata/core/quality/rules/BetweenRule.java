package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code between}: a row fails when its value is outside the bounds. */
public final class BetweenRule extends RowRuleKind {
    public BetweenRule() {
        super(
                RuleType.BETWEEN,
                List.of("column", "min", "max", "strict"),
                "{rule: between, column: amount, min: 0, max: 100000}",
                "`column`, `min` and/or `max`, `strict` (default false)",
                "it is outside `[min, max]`, or outside `(min, max)` when `strict`");
    }
}
