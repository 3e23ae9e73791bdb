package dev.strata.core.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official Argo Workflows and Argo Events JSON Schemas (test resources under argo/, see the README there): each
 * manifest is checked against its own kind's definition, through a small wrapper schema {@code {"$ref":
 * "…#/definitions/<kind>"}}, since the root's {@code oneOf} gives noisy messages. The schemas' {@code $id}s are mapped
 * to the copies here, so nothing is fetched.
 */
public final class ArgoSchemas {
    private static final String WORKFLOWS = "classpath:argo/argo-workflows-schema.json";
    private static final String EVENTS = "classpath:argo/argo-events-schema.json";

    /** The definition each kind is checked against. */
    private static final Map<String, String> DEFINITIONS = Map.of(
            "WorkflowTemplate", WORKFLOWS + "#/definitions/io.argoproj.workflow.v1alpha1.WorkflowTemplate",
            "CronWorkflow", WORKFLOWS + "#/definitions/io.argoproj.workflow.v1alpha1.CronWorkflow",
            "Workflow", WORKFLOWS + "#/definitions/io.argoproj.workflow.v1alpha1.Workflow",
            "EventSource", EVENTS + "#/definitions/io.argoproj.events.v1alpha1.EventSource",
            "Sensor", EVENTS + "#/definitions/io.argoproj.events.v1alpha1.Sensor");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            // The Argo Events schema names the meta-schema "http://json-schema.org/schema#" (the latest draft, as
            // its generator wrote it): read it as draft 7, whose keywords it uses.
            builder -> builder.metaSchema(
                            JsonMetaSchema.builder("http://json-schema.org/schema#", JsonMetaSchema.getV7())
                                    .build())
                    .schemaMappers(mappers -> mappers.add(iri -> switch (iri.toString()) {
                        case "https://raw.githubusercontent.com/argoproj/argo-workflows/HEAD/api/jsonschema/schema.json" ->
                            AbsoluteIri.of(WORKFLOWS);
                        case "http://events.argoproj.io/events.json" -> AbsoluteIri.of(EVENTS);
                        default -> null;
                    })));

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ArgoSchemas() {}

    /** Whether the schemas define {@code kind}. */
    public static boolean knows(String kind) {
        return DEFINITIONS.containsKey(kind);
    }

    /** What is wrong with a manifest against its kind's definition; empty when valid. */
    public static List<String> problems(JsonNode manifest) {
        String kind = manifest.path("kind").asText();
        String definition = DEFINITIONS.get(kind);
        if (definition == null) {
            return List.of("no schema definition for kind '" + kind + "'");
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(kind, k -> FACTORY.getSchema("{\"$ref\": \"" + definition + "\"}"));
        return schema.validate(manifest).stream()
                .map(ValidationMessage::getMessage)
                .toList();
    }
}
