package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code not_in_set}: a row fails when its value is one of the forbidden values. */
public final class NotInSetRule extends RowRuleKind {
    public NotInSetRule() {
        super(
                RuleType.NOT_IN_SET,
                List.of("column", "values", "nulls"),
                "{rule: not_in_set, column: status, values: [deleted]}",
                "`column`, `values`, `nulls`",
                "it is one of `values`");
    }
}
