package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code between}: a row fails when its value is outside the bounds. */
public final class BetweenRule extends RowRuleKind {
    public BetweenRule() {
        super(
                RuleType.BETWEEN,
                List.of("column", "min", "max", "strict", "strict_min", "strict_max", "nulls"),
                "{rule: between, column: amount, min: 0, max: 100000}",
                "`column`, `min` and/or `max`, `strict` (default false), or `strict_min` / `strict_max` for one bound, `nulls`",
                "it is outside `[min, max]`; `strict` excludes both bounds, `strict_min` or `strict_max` one of them");
    }
}
