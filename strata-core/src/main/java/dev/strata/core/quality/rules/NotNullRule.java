package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code not_null}: a row fails when its value is NULL. */
public final class NotNullRule extends RowRuleKind {
    public NotNullRule() {
        super(
                RuleType.NOT_NULL,
                List.of("column"),
                "{rule: not_null, column: order_id}",
                "`column`",
                "the value is NULL");
    }
}
