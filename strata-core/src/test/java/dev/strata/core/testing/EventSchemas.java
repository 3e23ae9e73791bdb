package dev.strata.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lifecycle events' JSON Schemas, {@code docs/events/<type>.schema.json}, read from the repository (a test runs in
 * its module's folder), with format assertions on: what tests check real events consumed from the broker against.
 */
public final class EventSchemas {
    private static final Path DIRECTORY = Path.of("..", "docs", "events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** What is wrong with {@code event} (a CloudEvent's structured JSON) against its type's schema; empty when valid. */
    public static List<String> problems(String event) {
        JsonNode node;
        try {
            node = JSON.readTree(event);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        String type = node.path("type").asText();
        Path file = DIRECTORY.resolve(type + ".schema.json");
        if (!Files.isRegularFile(file)) {
            return List.of("no schema " + file + " for type '" + type + "'");
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(type, t -> load(file));
        return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
    }

    /** The types that have a schema. */
    public static List<String> types() {
        try (var files = Files.list(DIRECTORY)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".schema.json"))
                    .map(name -> name.substring(0, name.length() - ".schema.json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load(Path file) {
        try {
            return FACTORY.getSchema(
                    Files.readString(file),
                    SchemaValidatorsConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
