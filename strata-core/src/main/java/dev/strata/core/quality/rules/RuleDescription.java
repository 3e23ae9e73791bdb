package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * What a rule kind tells its users: the validator's messages, the JSON Schema and the rule tables of docs/quality.md
 * are made from it.
 *
 * @param type the rule's name in the file, {@code rule: <id>}
 * @param fields the keys the rule takes besides {@code rule}, {@code name}, {@code on_fail} and {@code where}
 * @param example a complete rule of this kind in YAML flow style
 * @param fieldsDoc the keys in words, e.g. {@code `column`, `pattern` (Java syntax)}
 * @param meaning when a row fails (row rules) or what is measured (whole-batch rules)
 */
public record RuleDescription(RuleType type, List<String> fields, String example, String fieldsDoc, String meaning) {
    public RuleDescription {
        fields = List.copyOf(fields);
    }
}
