package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineSchemaTest {
    /** The checked-in schema, relative to this module (the tests' working directory). */
    private static final Path CHECKED_IN = Path.of("..").resolve(PipelineSchema.CHECKED_IN_PATH);

    @Test
    void checkedInSchemaIsUpToDate() throws IOException {
        String generated = PipelineSchema.json();
        if (Boolean.getBoolean("strata.updateSchema")) {
            Files.writeString(CHECKED_IN, generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
                .as("docs/pipeline.schema.json is generated from the spec records and is out of date; regenerate it"
                        + " with: mvn -o -q test -pl strata-core -Dtest=PipelineSchemaTest -Dstrata.updateSchema=true")
                .isEqualTo(generated);
    }

    @Test
    void bundledSchemaIsTheGeneratedOne() throws IOException {
        String generated = PipelineSchema.json();

        try (InputStream in = PipelineSchema.class.getResourceAsStream(PipelineSchema.RESOURCE)) {
            assertThat(in)
                    .as(
                            "the build writes %s next to PipelineSchema (strata-core/pom.xml, process-classes)",
                            PipelineSchema.RESOURCE)
                    .isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .as("the schema that validation reads is the one generated from the records")
                    .isEqualTo(generated);
        }
        assertThat(PipelineSchema.bundled()).isEqualTo(generated);
    }

    @Test
    void isDraft202012WithATitle() {
        ObjectNode schema = PipelineSchema.node();

        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("title").asText()).isEqualTo("Strata pipeline");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("name", "datasets");
    }

    @Test
    void closesEveryObjectWithProperties() {
        List<String> open = new ArrayList<>();
        walk(PipelineSchema.node(), "#", (node, where) -> {
            if (node.has("properties") && !node.path("additionalProperties").isBoolean()) {
                open.add(where);
            }
        });

        assertThat(open).as("objects that allow unknown keys").isEmpty();
    }

    @Test
    void listsPropertiesInTheOrderOfTheRecords() {
        JsonNode properties = PipelineSchema.node().get("properties");

        assertThat(fieldNames(properties))
                .containsExactly(
                        "name",
                        "storage",
                        "sources",
                        "datasets",
                        "schedule",
                        "timeout",
                        "triggers",
                        "parameters",
                        "defaults",
                        "targets",
                        "max_parallel");
    }

    @Test
    void spellsEnumsAsInTheFile() {
        JsonNode mode = PipelineSchema.node().at("/$defs/DatasetSpec/properties/write/properties/mode");

        assertThat(mode.get("enum"))
                .extracting(JsonNode::asText)
                .containsExactly("append", "overwrite", "merge", "scd2", "delete");
        assertThat(mode.get("title").asText()).isEqualTo("write mode");
        assertThat(mode.get("description").asText()).startsWith("append (default)");
    }

    @Test
    void allowsOneKeyPerTransformStep() {
        JsonNode step = PipelineSchema.node().at("/$defs/DatasetSpec/properties/transform/items");

        assertThat(step.get("minProperties").asInt()).isEqualTo(1);
        assertThat(step.get("maxProperties").asInt()).isEqualTo(1);
    }

    @Test
    void allowsScalarOptionAndRuleValues() {
        ObjectNode schema = PipelineSchema.node();

        assertThat(schema.at("/$defs/SourceSpec/properties/options/additionalProperties/type"))
                .extracting(JsonNode::asText)
                .containsExactly("string", "number", "boolean");
        assertThat(schema.at("/$defs/DatasetSpec/properties/expect/items/properties/values/items/type"))
                .extracting(JsonNode::asText)
                .containsExactly("string", "number", "boolean");
    }

    @Test
    void constrainsDatasetNames() {
        assertThat(PipelineSchema.node()
                        .at("/properties/datasets/propertyNames/pattern")
                        .asText())
                .isEqualTo("^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$");
    }

    private interface Visitor {
        void visit(JsonNode node, String where);
    }

    private static void walk(JsonNode node, String where, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(node, where);
            node.fields().forEachRemaining(e -> walk(e.getValue(), where + "/" + e.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, visitor);
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
