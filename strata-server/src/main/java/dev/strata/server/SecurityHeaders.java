package dev.strata.server;

import io.javalin.http.Context;

/** The response headers that keep browsers from sniffing, framing or caching what the API returns. */
final class SecurityHeaders {
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final String SWAGGER_POLICY = OpenApi.swaggerPolicy();
    /**
     * The console's pages: scripts, styles and fetches from the server itself only (no inline script or style, no
     * other site), forms posted to the server only.
     */
    private static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /**
     * A run's HTML quality report in the console ({@link ConsoleReports}): one self-contained page whose style and
     * scripts (uPlot and the charts' script) are inline. It is sandboxed without {@code allow-same-origin}, so it runs
     * in an opaque origin: its scripts can read no cookie and call nothing of the server's, and it fetches, posts and
     * frames nothing.
     */
    private static final String REPORT_POLICY = "sandbox allow-scripts; default-src 'none';"
            + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; form-action 'none';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {}

    /** Replaces the console's policy with the quality report's, for a response that is a report. */
    static void applyReportPolicy(Context ctx) {
        ctx.header("Content-Security-Policy", REPORT_POLICY);
    }

    static void apply(Context ctx) {
        String path = ctx.path();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        // The console's own forms need their Origin sent (a browser sends "null" under no-referrer), and only to
        // itself.
        ctx.header("Referrer-Policy", Console.owns(ctx) ? "same-origin" : "no-referrer");
        String policy = path.equals("/swagger") || path.startsWith("/webjars/")
                ? SWAGGER_POLICY
                : Console.owns(ctx) ? CONSOLE_POLICY : API_POLICY;
        ctx.header("Content-Security-Policy", policy);
        if (path.startsWith("/api/") || Console.owns(ctx)) {
            ctx.header("Cache-Control", "no-store");
        }
    }
}
