package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code in_set}: a row fails when its value is not one of the allowed values. */
public final class InSetRule extends RowRuleKind {
    public InSetRule() {
        super(
                RuleType.IN_SET,
                List.of("column", "values", "nulls"),
                "{rule: in_set, column: currency, values: [EUR, USD]}",
                "`column`, `values`, `nulls`",
                "it is not one of `values`");
    }
}
