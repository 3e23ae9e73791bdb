package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Locale;

/** The small parts of a request every resource reads the same way: text fields of a JSON body, paging parameters. */
final class RequestParts {
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private RequestParts() {}

    /** A field of a JSON body as text; null when absent or null. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** {@code ?limit=}: 50 when absent, else 1 to 500. */
    static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return DEFAULT_PAGE;
        }
        long limit = parseLong(text, "limit");
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_PAGE, null);
        }
        return (int) limit;
    }

    static long parseLong(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + "=" + text + " is not a whole number", null);
        }
    }

    /** The pipeline YAML of a request: the body itself as application/yaml, or {"yaml": "..."} as JSON. */
    static String yamlBody(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            String yaml = text(Json.object(RequestBodies.read(ctx, RequestBodies.PIPELINE_LIMIT)), "yaml");
            if (yaml == null) {
                throw ApiException.badRequest("yaml is required", "send {\"yaml\": \"name: orders\\n...\"}");
            }
            return yaml;
        }
        if (type.startsWith("application/yaml")
                || type.startsWith("application/x-yaml")
                || type.startsWith("text/yaml")) {
            return RequestBodies.read(ctx, RequestBodies.PIPELINE_LIMIT);
        }
        throw new ApiException(
                415,
                "unsupported_media_type",
                "send the pipeline as application/yaml, or as JSON {\"yaml\": ...}",
                "set Content-Type: application/yaml");
    }
}
