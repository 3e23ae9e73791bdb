package dev.strata.core.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Kafka trigger's {@code filter}: a small matching language, no scripting. Each key is a dotted path into the
 * message as JSON: a structured CloudEvent's attributes are at its top level ({@code type}, {@code source}, {@code
 * subject}, extensions) and its payload under {@code data}, so {@code data.region} reads a field of the payload (a
 * binary-mode CloudEvent is shown the same way). Each value is a string, number or boolean, or a list of them: the
 * field must equal one of them. In a string, {@code *} matches any run of characters ({@code dev.strata.run.*}).
 * Every key must match; a field that is missing, or is an object or a list, matches nothing.
 */
public final class EventFilter {
    /** A key: names of letters, digits, '_' and '-', joined by dots. */
    public static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$");

    private static final int MAX_KEYS = 32;
    private static final int MAX_VALUES = 100;

    private final Map<String, List<Object>> expected;

    private EventFilter(Map<String, List<Object>> expected) {
        this.expected = expected;
    }

    /** A filter that matches every message. */
    public static EventFilter all() {
        return new EventFilter(Map.of());
    }

    /** The filter the file wrote; call {@link #problem} first, this throws on what it reports. */
    public static EventFilter of(Map<String, Object> filter) {
        problem(filter).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        Map<String, List<Object>> expected = new LinkedHashMap<>();
        if (filter != null) {
            filter.forEach((key, value) ->
                    expected.put(key, value instanceof List<?> list ? List.copyOf(list) : List.of(value)));
        }
        return new EventFilter(expected);
    }

    /** What is wrong with a filter as written, or empty. */
    public static Optional<String> problem(Map<String, Object> filter) {
        if (filter == null) {
            return Optional.empty();
        }
        if (filter.size() > MAX_KEYS) {
            return Optional.of("a filter has at most " + MAX_KEYS + " keys, got " + filter.size());
        }
        for (Map.Entry<String, Object> entry : filter.entrySet()) {
            if (!KEY.matcher(entry.getKey()).matches()) {
                return Optional.of("invalid filter key '" + entry.getKey() + "'");
            }
            List<?> values = entry.getValue() instanceof List<?> list ? list : List.of(nonNull(entry.getValue()));
            if (values.isEmpty() || values.size() > MAX_VALUES) {
                return Optional.of("filter key '" + entry.getKey() + "' needs 1 to " + MAX_VALUES + " values");
            }
            for (Object value : values) {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    return Optional.of(
                            "filter key '" + entry.getKey() + "' takes a string, number or boolean, or a list of them");
                }
            }
        }
        return Optional.empty();
    }

    private static Object nonNull(Object value) {
        return value == null ? new Object() : value;
    }

    /** Whether the message, as JSON, matches every key. */
    public boolean matches(JsonNode message) {
        for (Map.Entry<String, List<Object>> entry : expected.entrySet()) {
            JsonNode field = field(message, entry.getKey());
            if (field == null || !field.isValueNode() || field.isNull()) {
                return false;
            }
            if (entry.getValue().stream().noneMatch(value -> equal(field, value))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a key reads the payload ({@code data.…}), which must then be JSON. */
    public boolean readsData() {
        return expected.keySet().stream().anyMatch(key -> key.equals("data") || key.startsWith("data."));
    }

    /** The keys, in the file's order. */
    public List<String> keys() {
        return new ArrayList<>(expected.keySet());
    }

    private static JsonNode field(JsonNode message, String key) {
        JsonNode node = message;
        for (String name : key.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }

    private static boolean equal(JsonNode field, Object value) {
        if (value instanceof Boolean flag) {
            return field.isBoolean() && field.booleanValue() == flag;
        }
        if (value instanceof Number number) {
            BigDecimal expected = new BigDecimal(number.toString());
            if (field.isNumber()) {
                return field.decimalValue().compareTo(expected) == 0;
            }
            return field.isTextual() && field.asText().equals(number.toString());
        }
        String text = (String) value;
        String actual = field.asText();
        return text.contains("*") ? glob(text).matcher(actual).matches() : text.equals(actual);
    }

    private static Pattern glob(String text) {
        return Pattern.compile(
                java.util.Arrays.stream(text.split("\\*", -1))
                        .map(Pattern::quote)
                        .collect(java.util.stream.Collectors.joining(".*")),
                Pattern.DOTALL);
    }
}
