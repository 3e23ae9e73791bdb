package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code type}: a row fails when its text does not parse as the type. */
public final class TypeRule extends RowRuleKind {
    public TypeRule() {
        super(
                RuleType.TYPE,
                List.of("column", "type", "nulls"),
                "{rule: type, column: amount, type: \"DECIMAL(12,2)\"}",
                "`column`, `type` (a Spark SQL type, e.g. `INT`, `DECIMAL(12,2)`, `DATE`), `nulls`",
                "its text does not parse as `type` (`try_cast`)");
    }
}
