package dev.strata.server;

import io.javalin.http.Context;

/** The response headers that keep browsers from sniffing, framing or caching what the API returns. */
final class SecurityHeaders {
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final String SWAGGER_POLICY = OpenApi.swaggerPolicy();

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        String path = ctx.path();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header(
                "Content-Security-Policy",
                path.equals("/swagger") || path.startsWith("/webjars/") ? SWAGGER_POLICY : API_POLICY);
        if (path.startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }
}
