package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.quality.Threshold;
import dev.strata.core.quality.rules.ValueRuleKind;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleNames;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks one rule under {@code expect:}: that it takes each field it is given ({@link RuleFields}), has the fields it
 * needs, and that their values make sense; an anomaly rule's own fields are left to {@link AnomalyChecks}.
 */
final class RuleChecks {
    private final Problems problems;
    private final ReferenceChecks references;
    private final AnomalyChecks anomalies;

    RuleChecks(Problems problems, ReferenceChecks references) {
        this.problems = problems;
        this.references = references;
        this.anomalies = new AnomalyChecks(problems);
    }

    void check(YamlPath path, JsonNode node, RuleSpec rule) {
        RuleType type = rule.rule();
        String id = type.id();
        List<String> fields = RuleFields.of(type);
        List<String> takes = new ArrayList<>(fields);
        takes.addAll(RuleFields.COMMON);
        node.fieldNames().forEachRemaining(field -> {
            if (!takes.contains(field) && !field.equals("rule")) {
                problems.errorAtKey(
                        path.child(field),
                        "'" + field + "' does not apply to rule " + id,
                        "rule " + id + " takes: " + String.join(", ", takes));
            }
        });
        String example = "e.g. " + RuleFields.example(type);
        if (RuleFields.needsColumn(type) && rule.column() == null) {
            problems.error(path, "rule " + id + " needs 'column'", example);
        }
        if (RuleFields.takesColumns(type)) {
            if (rule.column() == null && rule.columns().isEmpty()) {
                problems.error(path, "rule " + id + " needs 'column' or 'columns'", example);
            } else if (rule.column() != null && !rule.columns().isEmpty()) {
                problems.errorAtKey(
                        path.child("columns"),
                        "rule " + id + " takes 'column' or 'columns', not both",
                        "columns: [a, b] checks the pair");
            }
        }
        if (RuleFields.needsPair(type) && rule.columns().size() != 2) {
            problems.error(path, "rule " + id + " needs two 'columns'", example);
        }
        requireField(path, rule.pattern(), type == RuleType.REGEX, "pattern", id, example);
        requireField(
                path,
                rule.expression(),
                type == RuleType.EXPRESSION || type == RuleType.AGGREGATE,
                "expression",
                id,
                example);
        requireField(path, rule.type(), type == RuleType.TYPE, "type", id, example);
        requireField(path, rule.references(), type == RuleType.REFERENCES, "references", id, example);
        requireField(path, rule.maxAge(), type == RuleType.FRESHNESS, "max_age", id, example);
        requireField(path, rule.metric(), type == RuleType.ANOMALY, "metric", id, example);
        requireField(path, rule.strategy(), type == RuleType.ANOMALY, "strategy", id, example);
        requireField(path, rule.quantile(), type == RuleType.APPROX_QUANTILE, "quantile", id, example);
        checkFraction(
                path,
                "quantile",
                rule.quantile() == null ? null : rule.quantile().doubleValue(),
                "0.5");
        if (type == RuleType.REFERENCES && rule.min() != null) {
            checkFraction(path, "min", rule.min().doubleValue(), "0.99");
        }
        if (fields.contains("min")) {
            checkBounds(path, rule, id, example);
        }
        if ((type == RuleType.IN_SET || type == RuleType.NOT_IN_SET)
                && rule.values().isEmpty()) {
            problems.error(
                    node.has("values") ? path.child("values") : path,
                    "rule " + id + " needs a non-empty 'values' list",
                    example);
        }
        if (type == RuleType.REGEX && rule.pattern() != null) {
            checkPattern(path.child("pattern"), rule.pattern());
        }
        if (type == RuleType.REFERENCES && rule.references() != null) {
            references.checkColumn(path.child("references"), rule.references());
        }
        if (type == RuleType.FRESHNESS
                && rule.maxAge() != null
                && !Durations.SYNTAX.matcher(rule.maxAge()).matches()) {
            problems.error(
                    path.child("max_age"),
                    "invalid max_age '" + rule.maxAge() + "'",
                    "write a number and a unit s, m, h, d or w, e.g. 30m, 24h, 7d");
        }
        checkThreshold(path, "warn_if", rule.warnIf());
        checkThreshold(path, "error_if", rule.errorIf());
        if (rule.mostly() != null && (rule.mostly() < 0 || rule.mostly() > 1)) {
            problems.error(path.child("mostly"), "mostly must be between 0 and 1", "e.g. mostly: 0.99");
        }
        if (type == RuleType.ANOMALY) {
            anomalies.check(path, rule, example);
        }
        if (type == RuleType.ROW_COUNT && rule.maxChangePct() != null && rule.maxChangePct() < 0) {
            problems.error(path.child("max_change_pct"), "max_change_pct must not be negative", "e.g. 50");
        }
        if ((rule.onFail() == OnFail.DROP || rule.onFail() == OnFail.QUARANTINE) && !type.judgesRows()) {
            problems.error(
                    path.child("on_fail"),
                    "rule " + id + " cannot " + rule.onFail().id() + " rows: it judges the dataset as a whole",
                    "use warn or fail for aggregate rules");
        }
    }

    /**
     * Refuses two rules of one dataset with one name, since a rule's name keys its results and metrics: the same rule
     * twice, or a {@code name} given twice. Rules that differ in any parameter get distinct names ({@link RuleNames}).
     */
    static void checkNamesDistinct(Problems problems, YamlPath dataset, List<RuleSpec> rules, List<Integer> indexes) {
        List<RuleSpec> named = RuleNames.distinct(rules);
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < named.size(); i++) {
            RuleSpec rule = named.get(i);
            Integer earlier = first.putIfAbsent(rule.displayName(), i);
            if (earlier == null) {
                continue;
            }
            String other = "expect[" + indexes.get(earlier) + "]";
            YamlPath at = dataset.resolve("expect", indexes.get(i));
            if (rules.get(i).name() != null) {
                problems.errorAtKey(
                        at.child("name"),
                        "rule name '" + rule.displayName() + "' is already used by " + other,
                        "give each rule its own name: it keys the rule's results and metrics");
            } else if (rules.get(earlier).equals(rules.get(i))) {
                problems.error(
                        at,
                        "rule " + rule.displayName() + " repeats " + other,
                        "remove one of them; two rules that differ in a parameter (where, min, ...) are both kept");
            } else {
                problems.error(
                        at,
                        "rule " + rule.displayName() + " has the name of " + other,
                        "give one of them a name: it keys the rule's results and metrics");
            }
        }
    }

    /** {@code min} or {@code max} is set, unless the rule has another way to judge, and {@code min <= max}. */
    private void checkBounds(YamlPath path, RuleSpec rule, String id, String example) {
        RuleType type = rule.rule();
        boolean boundsOptional = type == RuleType.ANOMALY
                || type == RuleType.REFERENCES
                || (type == RuleType.ROW_COUNT && rule.maxChangePct() != null);
        if (rule.min() == null && rule.max() == null && !boundsOptional) {
            problems.error(path, "rule " + id + " needs 'min' or 'max'", example);
        } else if (rule.min() != null && rule.max() != null && rule.min().compareTo(rule.max()) > 0) {
            problems.error(
                    path.child("min"),
                    "min " + rule.min().toPlainString() + " is greater than max "
                            + rule.max().toPlainString(),
                    "swap them");
        }
    }

    /** A fraction field (a quantile, a ratio) lies in 0..1. */
    private void checkFraction(YamlPath path, String field, Double value, String example) {
        if (value != null && (value < 0 || value > 1)) {
            problems.error(
                    path.child(field),
                    field + " must be between 0 and 1, not " + ValueRuleKind.format(value),
                    "e.g. " + field + ": " + example);
        }
    }

    private void checkPattern(YamlPath path, String pattern) {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            problems.error(
                    path,
                    "invalid regular expression: " + e.getDescription()
                            + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""),
                    "patterns use Java regex syntax; quote them with '…' in YAML");
        }
    }

    private void checkThreshold(YamlPath path, String field, String value) {
        if (value == null) {
            return;
        }
        try {
            Threshold.parse(value);
        } catch (IllegalArgumentException e) {
            problems.error(path.child(field), e.getMessage(), Threshold.syntaxHint());
        }
    }

    private void requireField(YamlPath path, Object value, boolean required, String field, String id, String example) {
        if (required && value == null) {
            problems.error(path, "rule " + id + " needs '" + field + "'", example);
        }
    }
}
