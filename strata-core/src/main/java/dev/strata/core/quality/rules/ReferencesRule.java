package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code references}: a row fails when no row of the referenced table has its value. */
public final class ReferencesRule extends RowRuleKind {
    public ReferencesRule() {
        super(
                RuleType.REFERENCES,
                List.of("column", "references", "nulls"),
                "{rule: references, column: customer_id, references: silver.customers.customer_id}",
                "`column`, `references: layer.name.column`, `nulls`",
                "no row of the referenced dataset's table has the value. The referenced dataset is built first.");
    }
}
