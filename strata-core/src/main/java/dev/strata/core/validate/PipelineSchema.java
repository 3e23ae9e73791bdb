package dev.strata.core.validate;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.victools.jsonschema.generator.CustomPropertyDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.strata.core.quality.rules.RuleKinds;
import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.ScheduleSpec;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.core.spec.WriteMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON Schema of the pipeline file, generated from the spec records: the records are the single source of truth,
 * and {@code docs/pipeline.schema.json} is this output, checked in for editors. The build also writes it next to this
 * class on the classpath ({@value #RESOURCE}), so that validation reads it instead of generating it at every start.
 */
public final class PipelineSchema {
    /** Where the generated schema is checked in, relative to the repository root. */
    public static final String CHECKED_IN_PATH = "docs/pipeline.schema.json";

    /** The generated schema on the classpath, relative to this class; written by the build (strata-core/pom.xml). */
    public static final String RESOURCE = "pipeline.schema.json";

    /** The pattern of a dataset key, {@code layer.name}. */
    public static final String DATASET_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$";

    /** Enum types named as a user would call them in a message, e.g. "unknown write mode 'upsert'". */
    private static final Map<Class<?>, String> ENUM_TITLES = Map.ofEntries(
            Map.entry(ParameterSpec.Type.class, "parameter type"),
            Map.entry(WriteMode.class, "write mode"),
            Map.entry(TableFormat.class, "table format"),
            Map.entry(SourceFormat.class, "source format"),
            Map.entry(RuleType.class, "rule"),
            Map.entry(OnFail.class, "on_fail action"),
            Map.entry(SchemaEvolution.class, "schema_evolution mode"),
            Map.entry(AnomalyStrategy.class, "anomaly strategy"),
            Map.entry(TransformSpec.JoinType.class, "join type"));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PipelineSchema() {}

    /** Generated on first use only: reflecting over the records takes longer than the rest of a validation. */
    private static final class Generated {
        private static final ObjectNode SCHEMA = generate();
    }

    /** The schema generated from the records now, pretty-printed with a stable order, ending in a newline. */
    public static String json() {
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return new ObjectMapper().writer(printer).writeValueAsString(Generated.SCHEMA) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema generated from the records now, as a tree; a copy, so callers cannot change it. */
    public static ObjectNode node() {
        return Generated.SCHEMA.deepCopy();
    }

    /**
     * The schema as the build generated it into {@value #RESOURCE}, the same text as {@link #json()}; generated now
     * when the resource is missing, as in an IDE build that skipped Maven's {@code process-classes} phase.
     */
    public static String bundled() {
        try (InputStream in = PipelineSchema.class.getResourceAsStream(RESOURCE)) {
            return in == null ? json() : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled pipeline schema " + RESOURCE, e);
        }
    }

    /**
     * Writes the generated schema to the given file, by default {@value #CHECKED_IN_PATH}; the build runs this to
     * write {@value #RESOURCE}.
     */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : CHECKED_IN_PATH);
        Files.writeString(target, json(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + target.toAbsolutePath());
    }

    private static ObjectNode generate() {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(
                        SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(
                        JacksonOption.RESPECT_JSONPROPERTY_REQUIRED, JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
        builder.forTypesInGeneral()
                .withDefinitionNamingStrategy((key, context) -> definitionName(key.getType()))
                .withPropertySorter(Comparator.comparingInt(PipelineSchema::declarationIndex))
                .withTypeAttributeOverride((node, scope, context) -> {
                    Class<?> type = scope.getType().getErasedType();
                    if (ENUM_TITLES.containsKey(type)) {
                        node.put("title", ENUM_TITLES.get(type));
                    }
                    if (type == TransformSpec.class) {
                        node.put("title", "transform step")
                                .put("minProperties", 1)
                                .put("maxProperties", 1);
                    }
                    if (type == RuleSpec.class) {
                        node.set("examples", ruleExamples());
                    }
                    if (type == TriggerSpec.class) {
                        // One kind per trigger (and an optional debounce): TriggerChecks says which.
                        node.put("title", "trigger").put("minProperties", 1);
                    }
                });
        builder.forFields()
                .withPropertyNameOverrideResolver(PipelineSchema::propertyName)
                .withCustomDefinitionProvider(PipelineSchema::customField)
                .withNumberInclusiveMinimumResolver(
                        field -> isField(field, RuleSpec.class, "mostly") ? BigDecimal.ZERO : null)
                .withNumberInclusiveMaximumResolver(
                        field -> isField(field, RuleSpec.class, "mostly") ? BigDecimal.ONE : null)
                .withInstanceAttributeOverride((node, field, context) -> {
                    if (isField(field, PipelineSpec.class, "datasets")) {
                        node.set("propertyNames", NODES.objectNode().put("pattern", DATASET_NAME_PATTERN));
                    }
                    if (!field.isFakeContainerItemScope()
                            && field.getDeclaringType().getErasedType() == RuleSpec.class) {
                        String rules = rulesTaking(propertyName(field));
                        if (!rules.isEmpty()) {
                            // A comment, not the description: validation messages quote the description.
                            node.put("$comment", "Taken by rules: " + rules);
                        }
                    }
                });
        ObjectNode generated = new SchemaGenerator(builder.build()).generateSchema(PipelineSpec.class);
        ObjectNode schema = NODES.objectNode();
        schema.set("$schema", generated.get("$schema"));
        schema.put("title", "Strata pipeline");
        schema.put("description", "A Strata pipeline file: sources, datasets by layer.name, rules and writes.");
        generated.fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("$schema")) {
                schema.set(entry.getKey(), entry.getValue());
            }
        });
        return schema;
    }

    /** One example of each rule, from the rule registry, as editors show them. */
    private static ArrayNode ruleExamples() {
        ArrayNode examples = NODES.arrayNode();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (RuleType rule : RuleType.values()) {
            try {
                examples.add(yaml.readTree(RuleKinds.of(rule).example()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the example of rule " + rule.id(), e);
            }
        }
        return examples;
    }

    /** The rules that take a key of the rule, from the rule registry, e.g. {@code between, length, row_count}. */
    private static String rulesTaking(String key) {
        return String.join(
                ", ",
                Arrays.stream(RuleType.values())
                        .filter(rule -> RuleKinds.of(rule).fields().contains(key))
                        .map(RuleType::id)
                        .toList());
    }

    /** Shapes the records cannot express: option values of any scalar type, rule values of any scalar type. */
    private static CustomPropertyDefinition customField(FieldScope field, Object context) {
        if (field.isFakeContainerItemScope()) {
            return null;
        }
        String description = description(field);
        if (isField(field, SourceSpec.class, "options")) {
            ObjectNode node = NODES.objectNode().put("type", "object");
            node.set("additionalProperties", scalar());
            return new CustomPropertyDefinition(withDescription(node, description));
        }
        if (isField(field, TriggerSpec.Kafka.class, "filter")) {
            // A value is a scalar or a list of scalars.
            ObjectNode value = NODES.objectNode();
            value.putArray("type").add("string").add("number").add("boolean").add("array");
            value.set("items", scalar());
            ObjectNode node = NODES.objectNode().put("type", "object");
            node.set("additionalProperties", value);
            return new CustomPropertyDefinition(withDescription(node, description));
        }
        if (isField(field, PipelineSpec.class, "schedule")) {
            return new CustomPropertyDefinition(withDescription(schedule(), description));
        }
        if (isField(field, ParameterSpec.class, "defaultValue")) {
            return new CustomPropertyDefinition(withDescription(scalar(), description));
        }
        if (isField(field, RuleSpec.class, "values") || isField(field, ParameterSpec.class, "allowed")) {
            ObjectNode node = NODES.objectNode().put("type", "array");
            node.set("items", scalar());
            return new CustomPropertyDefinition(withDescription(node, description));
        }
        return null;
    }

    /**
     * A schedule: the cron string alone, or a mapping. One node typed string-or-object, not an anyOf, so that a wrong
     * key or value is reported once, at itself, rather than as a failure of each alternative.
     */
    private static ObjectNode schedule() {
        ObjectNode node = NODES.objectNode();
        node.putArray("type").add("string").add("object");
        node.put("title", "schedule key");
        ObjectNode properties = node.putObject("properties");
        for (RecordComponent component : ScheduleSpec.class.getRecordComponents()) {
            String name = PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName());
            ObjectNode property = properties.putObject(name);
            if (component.getType() == ScheduleSpec.CatchUp.class) {
                property.put("type", "string").put("title", "catch_up policy");
                ArrayNode values = property.putArray("enum");
                Arrays.stream(ScheduleSpec.CatchUp.values()).forEach(v -> values.add(v.id()));
            } else {
                property.put("type", component.getType() == Boolean.class ? "boolean" : "string");
            }
            // On the accessor: the annotation does not target record components themselves.
            var description = component
                    .getAccessor()
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonPropertyDescription.class);
            if (description != null) {
                property.put("description", description.value());
            }
        }
        node.putArray("required").add("cron");
        node.put("additionalProperties", false);
        return node;
    }

    /** The key as written in the file: a {@code @JsonProperty} name, else the field's name in snake_case. */
    private static String propertyName(FieldScope field) {
        var property =
                field.getAnnotationConsideringFieldAndGetter(com.fasterxml.jackson.annotation.JsonProperty.class);
        if (property != null && !property.value().isEmpty()) {
            return property.value();
        }
        return PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(field.getDeclaredName());
    }

    private static ObjectNode scalar() {
        ObjectNode node = NODES.objectNode();
        node.putArray("type").add("string").add("number").add("boolean");
        return node;
    }

    private static ObjectNode withDescription(ObjectNode node, String description) {
        return description == null ? node : node.put("description", description);
    }

    private static String description(FieldScope field) {
        var annotation = field.getAnnotationConsideringFieldAndGetter(
                com.fasterxml.jackson.annotation.JsonPropertyDescription.class);
        return annotation == null ? null : annotation.value();
    }

    private static boolean isField(FieldScope field, Class<?> record, String name) {
        return !field.isFakeContainerItemScope()
                && field.getDeclaringType().getErasedType() == record
                && field.getDeclaredName().equals(name);
    }

    private static String definitionName(ResolvedType type) {
        if (Map.class.isAssignableFrom(type.getErasedType())) {
            return "MapOf" + type.getTypeParameters().get(1).getErasedType().getSimpleName();
        }
        return type.getErasedType().getSimpleName();
    }

    private static int declarationIndex(MemberScope<?, ?> member) {
        RecordComponent[] components = member.getDeclaringType().getErasedType().getRecordComponents();
        if (components == null) {
            return Integer.MAX_VALUE;
        }
        String name = member.getDeclaredName().toLowerCase(Locale.ROOT);
        return Arrays.stream(components)
                .map(c -> c.getName().toLowerCase(Locale.ROOT))
                .toList()
                .indexOf(name);
    }
}
