package dev.strata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The API's JSON: snake_case names, ISO-8601 times. */
final class Json {
    /** How deep a request's JSON may nest: no request of the API needs more than a few levels. */
    static final int MAX_DEPTH = 32;

    static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    // {"role": "viewer", "role": "admin"} is refused, not read as whichever came last.
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response as JSON", e);
        }
    }

    /** The request body as a JSON object, or a 400 that says what is wrong with it. */
    static JsonNode object(String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            // A constraint (such as the nesting depth) may fail with no location.
            String at = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw ApiException.badRequest(
                    "the body is not valid JSON: "
                            + dev.strata.core.error.Messages.abbreviate(String.valueOf(e.getOriginalMessage()), 300)
                            + at,
                    "send a JSON object");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object", "send a JSON object, e.g. {\"name\": ...}");
        }
        return node;
    }
}
