package dev.strata.core.quality.rules;

import dev.strata.core.spec.RuleType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule kind, in the order the docs list them: the one list to extend when adding a kind. The validator, the JSON
 * Schema, the rule tables of docs/quality.md and the judging of a batch all read it.
 */
public final class RuleKinds {
    private static final List<RuleKind> ALL = List.of(
            new NotNullRule(),
            new RegexRule(),
            new BetweenRule(),
            new InSetRule(),
            new NotInSetRule(),
            new LengthRule(),
            new TypeRule(),
            new ExpressionRule(),
            new ReferencesRule(),
            new UniqueRule(),
            new RowCountRule(),
            new CompletenessRule(),
            new DistinctCountRule(),
            StatisticRule.min(),
            StatisticRule.max(),
            StatisticRule.mean(),
            StatisticRule.stddev(),
            StatisticRule.sum(),
            new VarianceRule(),
            new ApproxQuantileRule(),
            new ApproxCountDistinctRule(),
            new EntropyRule(),
            FrequencyRule.uniqueness(),
            FrequencyRule.distinctness(),
            FrequencyRule.uniqueValueRatio(),
            new CorrelationRule(),
            new AggregateRule(),
            new FreshnessRule(),
            new AnomalyRule());

    private static final Map<RuleType, RuleKind> BY_TYPE = byType();

    private RuleKinds() {}

    public static List<RuleKind> all() {
        return ALL;
    }

    public static RuleKind of(RuleType type) {
        return BY_TYPE.get(type);
    }

    private static Map<RuleType, RuleKind> byType() {
        Map<RuleType, RuleKind> kinds = new EnumMap<>(RuleType.class);
        for (RuleKind kind : ALL) {
            if (kinds.put(kind.type(), kind) != null) {
                throw new IllegalStateException("rule " + kind.id() + " is listed twice");
            }
        }
        for (RuleType type : RuleType.values()) {
            if (!kinds.containsKey(type)) {
                throw new IllegalStateException("rule " + type.id() + " has no RuleKind in RuleKinds");
            }
        }
        return kinds;
    }
}
