package dev.strata.engine.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenLineage's official JSON Schemas (test resources under openlineage/, see the README there): an event is checked
 * against the core schema, and each facet it carries against that facet's own schema. A facet without a schema here
 * is a problem too, so nothing an event carries goes unchecked.
 */
final class OpenLineageSchemas {
    private static final Pattern CORE =
            Pattern.compile("https://openlineage\\.io/spec/\\d+-\\d+-\\d+/OpenLineage\\.json");

    /** Facet name to the file of its schema. */
    private static final Map<String, String> FACETS = Map.ofEntries(
            Map.entry("schema", "SchemaDatasetFacet.json"),
            Map.entry("columnLineage", "ColumnLineageDatasetFacet.json"),
            Map.entry("dataQualityMetrics", "DataQualityMetricsInputDatasetFacet.json"),
            Map.entry("dataQualityAssertions", "DataQualityAssertionsDatasetFacet.json"),
            Map.entry("outputStatistics", "OutputStatisticsOutputDatasetFacet.json"),
            Map.entry("parent", "ParentRunFacet.json"),
            Map.entry("nominalTime", "NominalTimeRunFacet.json"),
            Map.entry("errorMessage", "ErrorMessageRunFacet.json"),
            Map.entry("jobType", "JobTypeJobFacet.json"),
            Map.entry("sql", "SQLJobFacet.json"));

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(
                    mappers -> mappers.add(iri -> CORE.matcher(iri.toString()).matches()
                            ? AbsoluteIri.of("classpath:openlineage/OpenLineage.json")
                            : null)));
    private final SchemaValidatorsConfig config =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final JsonSchema core = schema("OpenLineage.json");
    private final ObjectMapper json = new ObjectMapper();

    private JsonSchema schema(String file) {
        return factory.getSchema(SchemaLocation.of("classpath:openlineage/" + file), config);
    }

    /** Every problem of one event: its own, then its facets', each prefixed with where it is. */
    List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        core.validate(event).stream().map(ValidationMessage::getMessage).forEach(problems::add);
        facets(event.path("run").path("facets"), "run", problems);
        facets(event.path("job").path("facets"), "job", problems);
        for (String side : List.of("inputs", "outputs")) {
            int i = 0;
            for (JsonNode dataset : event.path(side)) {
                String where = side + "[" + i++ + "]";
                facets(dataset.path("facets"), where, problems);
                facets(dataset.path("inputFacets"), where, problems);
                facets(dataset.path("outputFacets"), where, problems);
            }
        }
        return problems;
    }

    private void facets(JsonNode facets, String where, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> facet = it.next();
            String file = FACETS.get(facet.getKey());
            if (file == null) {
                problems.add(where + ": facet " + facet.getKey() + " has no schema to check it against");
                continue;
            }
            ObjectNode wrapped = json.createObjectNode();
            wrapped.set(facet.getKey(), facet.getValue());
            schema(file).validate(wrapped).stream()
                    .map(m -> where + "." + facet.getKey() + ": " + m.getMessage())
                    .forEach(problems::add);
        }
    }
}
