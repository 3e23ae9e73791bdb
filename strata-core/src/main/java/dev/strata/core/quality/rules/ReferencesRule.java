package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/** {@code references}: a row fails when no row of the referenced table has its value. */
public final class ReferencesRule extends RowRuleKind {
    @Override
    public RuleType type() {
        return RuleType.REFERENCES;
    }

    @Override
    protected List<String> ownFields() {
        return List.of("column", "references");
    }

    @Override
    public String example() {
        return "{rule: references, column: customer_id, references: silver.customers.customer_id}";
    }

    @Override
    public String fieldsDoc() {
        return "`column`, `references: layer.name.column`";
    }

    @Override
    public String meaning() {
        return "no row of the referenced dataset's table has the value. The referenced dataset is built first.";
    }
}
