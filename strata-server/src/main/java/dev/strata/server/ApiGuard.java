package dev.strata.server;

import dev.strata.core.auth.Role;
import dev.strata.core.error.Messages;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.RunRepository.StoredRun;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * The one guard of {@code /api/v1}: who the caller is (before anything of the request is read), whether they hold the
 * role a handler needs, and the audit record of every mutating call. Handlers check roles here first and read their
 * body after, so a caller without the role never gets a body read, a size limit or a validation message.
 */
final class ApiGuard {
    private static final String PRINCIPAL = "strata.principal";
    /** Who a caller that did not authenticate claimed to be, for the audit log. */
    private static final String CLAIMED = "strata.claimed";
    /** Where the static assets of Swagger UI are served. */
    private static final String WEBJARS = "/webjars/";

    private final MetadataStore store;
    private final Authenticator authenticator;
    private final RateLimits rateLimits;
    private final AuditTrail auditTrail;

    ApiGuard(MetadataStore store, Authenticator authenticator, RateLimits rateLimits, AuditTrail auditTrail) {
        this.store = store;
        this.authenticator = authenticator;
        this.rateLimits = rateLimits;
        this.auditTrail = auditTrail;
    }

    /**
     * Who the caller is, before anything of the request is read: a 401 for no valid token, a 429 for a caller over its
     * rate, or for an address that keeps sending bad tokens (whose next tokens are not even checked).
     */
    void authenticate(Context ctx) {
        authenticate(ctx, ctx.header("Authorization"));
    }

    /**
     * As {@link #authenticate(Context)}, for a credential that came another way than the request's {@code
     * Authorization} header: the console's session cookie holds the key or token its user signed in with.
     */
    void authenticate(Context ctx, String authorization) {
        String address = ctx.ip();
        if (!rateLimits.refusalsLeft(address) && !authenticator.verifiedRecently(authorization)) {
            ctx.attribute(CLAIMED, Authenticator.claimedIdentity(authorization));
            throw rateLimits.refusedAddress();
        }
        Principal principal;
        try {
            principal = authenticator.authenticate(authorization);
        } catch (ApiException e) {
            ctx.attribute(CLAIMED, Authenticator.claimedIdentity(authorization));
            rateLimits.admitRefusal(address);
            throw e;
        }
        ctx.attribute(PRINCIPAL, principal);
        rateLimits.admitPrincipal(principal.id());
    }

    /** Drops cached authentications, after keys or role bindings changed. */
    void forget() {
        authenticator.forget();
    }

    /** Whether the request's caller was authenticated. */
    static boolean authenticated(Context ctx) {
        return ctx.attribute(PRINCIPAL) != null;
    }

    /** The authenticated caller; a 401 where there is none. */
    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw ApiException.unauthorized("no token");
        }
        return principal;
    }

    /** A 403, before anything is read, for a principal who holds {@code role} on no pipeline at all. */
    static void requireRoleSomewhere(Principal principal, Role role) {
        if (!principal.hasSomewhere(role)) {
            throw ApiException.forbidden("this needs the " + role.label() + " role on a pipeline");
        }
    }

    static Principal requireAdmin(Context ctx) {
        Principal principal = principal(ctx);
        if (!principal.has(Role.ADMIN)) {
            throw ApiException.forbidden("this needs the admin role");
        }
        return principal;
    }

    /**
     * Checks {@code role} on pipeline {@code name}. With {@code mayBeNew}, the pipeline may not exist yet: a principal
     * who cannot see it gets a 403 then, as the name tells them nothing.
     */
    static void requireRole(Principal principal, String name, Role role, boolean mayBeNew) {
        Role held = principal.roleOn(name);
        if (held == null && !mayBeNew) {
            throw ApiException.notFound("no pipeline named '" + name + "'");
        }
        if (held == null || !held.includes(role)) {
            throw ApiException.forbidden("this needs the " + role.label() + " role on pipeline '" + name + "'");
        }
    }

    /**
     * The pipeline, when the principal may see it and holds {@code role} on it. A pipeline the principal may not see
     * is reported as missing, exactly as one that does not exist.
     */
    StoredPipeline visiblePipeline(Context ctx, String name, Role role) {
        Principal principal = principal(ctx);
        StoredPipeline pipeline =
                principal.sees(name) ? store.pipelines().find(name).orElse(null) : null;
        if (pipeline == null) {
            throw ApiException.notFound("no pipeline named '" + name + "'");
        }
        requireRole(principal, name, role, false);
        return pipeline;
    }

    /** The run, when the principal may see its pipeline; else a 404, as for a run that does not exist. */
    StoredRun visibleRun(Context ctx, String id) {
        Principal principal = principal(ctx);
        return store.runs()
                .find(id)
                .filter(run -> principal.sees(run.pipeline()))
                .orElseThrow(() -> ApiException.notFound("no run '" + id + "'"));
    }

    /**
     * Records a mutating call of {@code /api/v1}, or a form the console posted, in the audit log: who, what, and how it
     * ended.
     */
    void audit(Context ctx) {
        boolean audited = ctx.path().startsWith("/api/v1/") || ctx.path().startsWith(Console.ROOT + "/");
        if (!audited || !mutating(ctx.method())) {
            return;
        }
        Principal principal = ctx.attribute(PRINCIPAL);
        String claimed = ctx.attribute(CLAIMED);
        int status = ctx.statusCode();
        String result = status < 400
                ? "allowed"
                : switch (status) {
                    case 401 -> "unauthenticated";
                    case 403 -> "denied";
                    case 429 -> "throttled";
                    default -> "failed";
                };
        String route = route(ctx);
        String path = Messages.abbreviate(ctx.path(), 300);
        auditTrail.record(
                principal != null,
                principal != null ? principal.id() : claimed != null ? claimed : "anonymous",
                ctx.method().name(),
                ctx.method().name() + " " + (route.equals("refused") ? path : route),
                path,
                result,
                status,
                ctx.ip());
    }

    /**
     * The route template that served the request: {@code /webjars/*} for Swagger UI's assets, which no endpoint serves,
     * and {@code refused} for a request the guard ended before any endpoint (401, 403, 429).
     */
    static String route(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            return path.equals("*") ? "unmatched" : path;
        } catch (IllegalStateException e) {
            // No endpoint ran: the static files answered, or a before-handler threw.
            return ctx.path().startsWith(WEBJARS) ? WEBJARS + "*" : "refused";
        }
    }

    private static boolean mutating(HandlerType method) {
        return method == HandlerType.POST
                || method == HandlerType.PUT
                || method == HandlerType.DELETE
                || method == HandlerType.PATCH;
    }
}
