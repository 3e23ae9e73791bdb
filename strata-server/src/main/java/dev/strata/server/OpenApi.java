package dev.strata.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The API's OpenAPI 3 document, {@code openapi.json} beside this class; a test checks it against the routes. */
final class OpenApi {
    private static final String DOCUMENT = load();

    private OpenApi() {}

    static String document() {
        return DOCUMENT;
    }

    /** The swagger-ui webjar's version (strata-server/pom.xml); its assets are served under /webjars. */
    static final String SWAGGER_UI_VERSION = "5.18.2";

    /** The page's one inline script; the page's Content-Security-Policy allows it by its hash and nothing else inline. */
    static final String SWAGGER_INIT = "SwaggerUIBundle({url: '/openapi', dom_id: '#swagger-ui'});";

    /** The Content-Security-Policy of the Swagger UI page and its assets. */
    static String swaggerPolicy() {
        String hash;
        try {
            hash = java.util.Base64.getEncoder()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(SWAGGER_INIT.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return "default-src 'self'; script-src 'self' 'sha256-" + hash + "'; style-src 'self' 'unsafe-inline';"
                + " img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    /** Swagger UI on {@code /openapi}, from assets this server serves itself. */
    static String swaggerPage() {
        String assets = "/webjars/swagger-ui/" + SWAGGER_UI_VERSION;
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Strata API</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + assets + "/swagger-ui.css\">\n"
                + "</head>\n<body>\n<div id=\"swagger-ui\"></div>\n"
                + "<script src=\"" + assets + "/swagger-ui-bundle.js\"></script>\n"
                + "<script>" + SWAGGER_INIT + "</script>\n"
                + "</body>\n</html>\n";
    }

    private static String load() {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
