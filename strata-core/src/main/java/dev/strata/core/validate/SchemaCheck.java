package dev.strata.core.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.strata.core.spec.Suggestions;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a pipeline tree against {@link PipelineSchema} and words each failure for a user: the location of the
 * offending key or value, what was expected, and a fix. Scalars that only differ in type from what the schema wants
 * (an interpolated {@code "5"} for a number, a {@code 2024} for a string) are converted first.
 */
final class SchemaCheck {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectNode SCHEMA_NODE = bundledSchema();
    private static final JsonSchema SCHEMA = compile(SCHEMA_NODE);
    /** A project file ({@code strata.yaml}): the pipeline's {@code targets:} section and nothing else. */
    private static final ObjectNode PROJECT_SCHEMA_NODE = projectSchema();

    private static final JsonSchema PROJECT_SCHEMA = compile(PROJECT_SCHEMA_NODE);
    private static final int MAX_COERCION_ROUNDS = 3;

    private final Problems problems;
    private final SourceMap map;
    private final ObjectNode schemaNode;
    private final JsonSchema schema;

    private static JsonSchema compile(ObjectNode node) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(
                        node,
                        SchemaValidatorsConfig.builder()
                                .pathType(PathType.JSON_POINTER)
                                .build());
    }

    private static ObjectNode projectSchema() {
        ObjectNode project = NODES.objectNode();
        project.set("$schema", SCHEMA_NODE.get("$schema"));
        project.set("$defs", SCHEMA_NODE.get("$defs"));
        project.put("type", "object");
        project.putObject("properties")
                .set("targets", SCHEMA_NODE.path("properties").path("targets"));
        project.put("additionalProperties", false);
        return project;
    }

    /** The schema the build generated; generating it here would cost more than the whole validation. */
    private static ObjectNode bundledSchema() {
        try {
            return (ObjectNode) new ObjectMapper().readTree(PipelineSchema.bundled());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot parse the bundled pipeline schema " + PipelineSchema.RESOURCE, e);
        }
    }

    private SchemaCheck(Problems problems, ObjectNode schemaNode, JsonSchema schema) {
        this.problems = problems;
        this.map = problems.map();
        this.schemaNode = schemaNode;
        this.schema = schema;
    }

    /**
     * Reports every schema violation of {@code root}, converting mistyped scalars of {@code root} in place first.
     *
     * @return the parts the schema rejected, which later checks must not read: an unknown key, or the smallest
     *     mapping holding a wrong value (a wrong value inside a mapping makes the mapping's meaning unclear)
     */
    static Set<YamlPath> validate(JsonNode root, Problems problems) {
        return new SchemaCheck(problems, SCHEMA_NODE, SCHEMA).run(root);
    }

    /** As {@link #validate}, for a project file ({@code strata.yaml}), which holds {@code targets:} only. */
    static Set<YamlPath> validateProject(JsonNode root, Problems problems) {
        return new SchemaCheck(problems, PROJECT_SCHEMA_NODE, PROJECT_SCHEMA).run(root);
    }

    private Set<YamlPath> run(JsonNode root) {
        Set<ValidationMessage> messages = schema.validate(root);
        for (int round = 0; round < MAX_COERCION_ROUNDS && coerce(messages, root); round++) {
            messages = schema.validate(root);
        }
        Set<YamlPath> rejected = new LinkedHashSet<>();
        messages.stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .forEach(message -> {
                    report(message);
                    rejected.add(rejectedPart(message, root));
                });
        return rejected;
    }

    private static YamlPath rejectedPart(ValidationMessage message, JsonNode root) {
        YamlPath path = path(message.getInstanceLocation());
        switch (message.getType()) {
            case "additionalProperties", "propertyNames":
                return path.child(message.getProperty());
            case "required", "minProperties", "maxProperties":
                return path;
            default:
                YamlPath part = path.parent();
                while (!part.isRoot() && !at(root, part).isObject()) {
                    part = part.parent();
                }
                return part.isRoot() ? path : part;
        }
    }

    // ---- conversion of scalars whose type is off but whose text fits ----

    private boolean coerce(Set<ValidationMessage> messages, JsonNode root) {
        boolean changed = false;
        for (ValidationMessage message : messages) {
            if (!message.getType().equals("type")) {
                continue;
            }
            YamlPath path = path(message.getInstanceLocation());
            if (path.isRoot()) {
                continue;
            }
            JsonNode value = message.getInstanceNode();
            Optional<JsonNode> converted = convert(value, path, types(message.getSchemaNode()));
            if (converted.isPresent()) {
                JsonNode parent = at(root, path.parent());
                if (parent instanceof ObjectNode object) {
                    object.set((String) path.last(), converted.get());
                    changed = true;
                } else if (parent instanceof ArrayNode array) {
                    array.set((Integer) path.last(), converted.get());
                    changed = true;
                }
            }
        }
        return changed;
    }

    private Optional<JsonNode> convert(JsonNode value, YamlPath path, List<String> wanted) {
        if ((value.isNumber() || value.isBoolean()) && wanted.contains("string")) {
            return Optional.of(NODES.textNode(map.rawScalar(path).orElse(value.asText())));
        }
        if (value.isTextual() && map.isInterpolated(path)) {
            String text = value.asText().trim();
            if (wanted.contains("boolean") && (text.equals("true") || text.equals("false"))) {
                return Optional.of(NODES.booleanNode(Boolean.parseBoolean(text)));
            }
            try {
                BigDecimal number = new BigDecimal(text);
                if (wanted.contains("integer") && number.stripTrailingZeros().scale() <= 0) {
                    return Optional.of(NODES.numberNode(number.toBigIntegerExact()));
                }
                if (wanted.contains("number")) {
                    return Optional.of(NODES.numberNode(number));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---- wording ----

    private void report(ValidationMessage message) {
        YamlPath path = path(message.getInstanceLocation());
        JsonNode parent = parentSchema(message);
        switch (message.getType()) {
            case "additionalProperties" -> unknownKey(path.child(message.getProperty()), parent);
            case "required" -> missingKey(path, message.getProperty(), parent);
            case "enum" -> unknownValue(path, message.getInstanceNode(), parent);
            case "type" -> wrongType(path, message.getInstanceNode(), parent);
            case "minimum", "maximum" -> outOfRange(path, message.getInstanceNode(), parent);
            case "minProperties" ->
                problems.error(path, "empty " + title(parent, "mapping"), "use one of: " + keys(parent));
            case "maxProperties" ->
                problems.error(
                        path,
                        "a " + title(parent, "mapping") + " takes exactly one key, got "
                                + message.getInstanceNode().size() + ": "
                                + String.join(", ", fieldNames(message.getInstanceNode())),
                        "write each as its own list item");
            case "propertyNames" ->
                problems.errorAtKey(
                        path.child(message.getProperty()),
                        "invalid dataset name '" + message.getProperty() + "'",
                        "write layer.name, e.g. silver.orders");
            default ->
                problems.error(
                        path, "invalid value", "see the " + message.getType() + " rule of docs/pipeline.schema.json");
        }
    }

    private void unknownKey(YamlPath key, JsonNode schema) {
        String name = (String) key.last();
        List<String> allowed = fieldNames(schema.path("properties"));
        String what = schema.has("title") ? schema.get("title").asText() : "key";
        problems.errorAtKey(
                key,
                "unknown " + what + " '" + name + "'",
                Suggestions.didYouMean(name, allowed, true).orElse("allowed: " + String.join(", ", allowed)));
    }

    private void missingKey(YamlPath object, String key, JsonNode schema) {
        JsonNode property = schema.path("properties").path(key);
        String hint;
        if (property.has("enum")) {
            hint = "add " + key + ": " + enumValues(property);
        } else if (property.has("description")) {
            hint = "add " + key + ": " + lowerFirst(property.get("description").asText());
        } else {
            hint = null;
        }
        problems.errorAtKey(object, "missing required key '" + key + "'", hint);
    }

    private void unknownValue(YamlPath path, JsonNode value, JsonNode schema) {
        List<String> allowed = new ArrayList<>();
        schema.path("enum").forEach(v -> allowed.add(v.asText()));
        String text = value.asText();
        String hint = "expected " + String.join(" | ", allowed)
                + Suggestions.didYouMean(text, allowed, true).map(s -> "; " + s).orElse("");
        problems.error(path, "unknown " + title(schema, "value") + " '" + text + "'", hint);
    }

    private void wrongType(YamlPath path, JsonNode value, JsonNode schema) {
        List<String> wanted = types(schema.get("type"));
        String hint = null;
        if (wanted.contains("array") && !value.isArray() && !value.isNull()) {
            hint = "write a list, e.g. [" + (value.isValueNode() ? value.asText() : "…") + "]";
        } else if (wanted.contains("string") && (value.isObject() || value.isArray())) {
            hint = "quote the value if it contains ': ', or starts with '{' or '['";
        } else if (wanted.contains("object") && value.isNull()) {
            hint = "fill it in, or remove the key";
        }
        problems.error(path, "expected " + describeSchema(schema) + ", got " + describeValue(value), hint);
    }

    private void outOfRange(YamlPath path, JsonNode value, JsonNode schema) {
        String message;
        if (schema.has("minimum") && schema.has("maximum")) {
            message = "must be between " + schema.get("minimum").asText() + " and "
                    + schema.get("maximum").asText();
        } else if (schema.has("minimum")) {
            message = "must be at least " + schema.get("minimum").asText();
        } else {
            message = "must be at most " + schema.get("maximum").asText();
        }
        String hint =
                schema.has("description") ? lowerFirst(schema.get("description").asText()) : null;
        problems.error(path, message + ", got " + value.asText(), hint);
    }

    private static String describeSchema(JsonNode schema) {
        List<String> types = types(schema.get("type"));
        if (types.size() > 1) {
            List<String> names = types.stream().map(t -> typeName(t, false)).toList();
            return "a " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }
        String type = types.isEmpty() ? "value" : types.get(0);
        if (type.equals("array")) {
            List<String> itemTypes = types(schema.path("items").get("type"));
            return itemTypes.size() == 1 ? "a list of " + typeName(itemTypes.get(0), true) : "a list";
        }
        return article(typeName(type, false));
    }

    private static String describeValue(JsonNode value) {
        if (value.isNull()) {
            return "nothing";
        } else if (value.isTextual()) {
            return "a string";
        } else if (value.isBoolean()) {
            return "a boolean";
        } else if (value.isNumber()) {
            return "a number";
        } else if (value.isArray()) {
            return "a list";
        } else {
            return "a mapping";
        }
    }

    private static String typeName(String type, boolean plural) {
        String name = switch (type) {
            case "object" -> "mapping";
            case "array" -> "list";
            case "integer" -> "whole number";
            default -> type;
        };
        return plural ? name + "s" : name;
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private static String title(JsonNode schema, String fallback) {
        return schema.has("title") ? schema.get("title").asText() : fallback;
    }

    private static String keys(JsonNode schema) {
        return String.join(", ", fieldNames(schema.path("properties")));
    }

    private static String enumValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(v -> values.add(v.asText()));
        return String.join(" | ", values);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String lowerFirst(String text) {
        if (text.isEmpty() || text.length() > 1 && Character.isUpperCase(text.charAt(1))) {
            return text;
        }
        String first = text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    // ---- navigation ----

    private static List<String> types(JsonNode type) {
        if (type == null) {
            return List.of();
        }
        if (type.isArray()) {
            List<String> all = new ArrayList<>();
            type.forEach(t -> all.add(t.asText()));
            return all;
        }
        return List.of(type.asText());
    }

    /** The schema object that holds the failing keyword, e.g. the one with "enum" and "title". */
    private JsonNode parentSchema(ValidationMessage message) {
        JsonNodePath keyword = message.getSchemaLocation().getFragment();
        JsonNode node = schemaNode;
        for (int i = 0; i < keyword.getNameCount() - 1; i++) {
            Object element = keyword.getElement(i);
            node = element instanceof Integer index ? node.path(index) : node.path((String) element);
        }
        return node;
    }

    private static YamlPath path(JsonNodePath location) {
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            elements.add(location.getElement(i));
        }
        return new YamlPath(elements);
    }

    private static JsonNode at(JsonNode root, YamlPath path) {
        JsonNode node = root;
        for (Object element : path.elements()) {
            node = element instanceof Integer index ? node.path(index) : node.path((String) element);
        }
        return node;
    }
}
