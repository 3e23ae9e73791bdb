package dev.strata.core.spec;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives each rule of a dataset its own name, since its name keys its results and metrics ({@code pass_rate(name)},
 * {@code value(name)}): a rule without {@code name} is {@code rule(column)}, and when two rules of the dataset would
 * share that name, each of them is named after all its parameters too, e.g. {@code completeness(email) [where:
 * country = 'DE', min: 0.9]}. Rules that still share a name (the same rule twice, or one name given twice) are left
 * as they are for the validator to refuse.
 */
public final class RuleNames {
    /** What the base name already says, or what every rule takes by default. */
    private static final Set<String> IN_BASE_NAME = Set.of("rule", "name", "column", "columns");

    private static final Pattern CAMEL = Pattern.compile("([a-z])([A-Z])");

    private RuleNames() {}

    /** {@code rules} with a derived name for each unnamed rule whose default name another rule shares. */
    public static List<RuleSpec> distinct(List<RuleSpec> rules) {
        Map<String, Integer> uses = new HashMap<>();
        rules.forEach(rule -> uses.merge(rule.displayName(), 1, Integer::sum));
        if (uses.values().stream().allMatch(n -> n == 1)) {
            return rules;
        }
        List<RuleSpec> named = new ArrayList<>();
        for (RuleSpec rule : rules) {
            named.add(rule.name() == null && uses.get(rule.displayName()) > 1 ? withName(rule, derived(rule)) : rule);
        }
        return named;
    }

    /** The rule's default name and every parameter it sets, e.g. {@code completeness(email) [where: x > 0, min: 1]}. */
    static String derived(RuleSpec rule) {
        List<String> parameters = new ArrayList<>();
        for (RecordComponent component : RuleSpec.class.getRecordComponents()) {
            if (IN_BASE_NAME.contains(component.getName())) {
                continue;
            }
            Object value = read(component, rule);
            if (value != null && !isDefault(component.getName(), value, rule)) {
                parameters.add(snake(component.getName()) + ": " + text(value));
            }
        }
        return parameters.isEmpty()
                ? rule.displayName()
                : rule.displayName() + " [" + String.join(", ", parameters) + "]";
    }

    private static boolean isDefault(String component, Object value, RuleSpec rule) {
        return switch (component) {
            case "onFail" -> value == OnFail.WARN;
            case "strict" -> !rule.strict();
            case "strictMin", "strictMax" -> value.equals(rule.strict());
            case "nulls" -> value == NullHandling.FAIL;
            default -> value instanceof List<?> list && list.isEmpty();
        };
    }

    private static String text(Object value) {
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(value);
    }

    private static String snake(String name) {
        Matcher matcher = CAMEL.matcher(name);
        return matcher.replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Object read(RecordComponent component, RuleSpec rule) {
        try {
            return component.getAccessor().invoke(rule);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + component.getName() + " of a rule", e);
        }
    }

    /** A copy of {@code rule} named {@code name}: every component as it is, but the name. */
    private static RuleSpec withName(RuleSpec rule, String name) {
        RecordComponent[] components = RuleSpec.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals("name") ? name : read(components[i], rule);
        }
        try {
            return RuleSpec.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot name a rule " + name, e);
        }
    }
}
