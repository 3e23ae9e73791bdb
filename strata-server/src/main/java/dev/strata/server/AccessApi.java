package dev.strata.server;

import static dev.strata.server.RequestParts.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.auth.Role;
import dev.strata.server.Routes.Endpoint;
import dev.strata.server.Routes.Tag;
import dev.strata.server.Views.ApiKeyView;
import dev.strata.server.Views.AuditVerificationView;
import dev.strata.server.Views.CreatedKeyView;
import dev.strata.server.Views.RoleBindingView;
import dev.strata.store.AccessRepository;
import dev.strata.store.AuditRepository;
import dev.strata.store.MetadataStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Administration: API keys, role bindings and the audit log. Every endpoint needs the admin role. */
final class AccessApi implements Routes.Resource {
    private static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final MetadataStore store;
    private final Clock clock;
    private final ApiGuard guard;

    AccessApi(MetadataStore store, Clock clock, ApiGuard guard) {
        this.store = store;
        this.clock = clock;
        this.guard = guard;
    }

    @Override
    public void register(Routes routes) {
        routes.add(
                Endpoint.post("/api/v1/api-keys", Tag.ACCESS)
                        .reads(Requests.ApiKeyRequest.class)
                        .returns(CreatedKeyView.class),
                this::createKey);
        routes.add(Endpoint.get("/api/v1/api-keys", Tag.ACCESS).returnsListOf(ApiKeyView.class), ctx -> {
            ApiGuard.requireAdmin(ctx);
            ctx.json(store.access().keys().stream().map(ApiKeyView::of).toList());
        });
        routes.add(Endpoint.delete("/api/v1/api-keys/{id}", Tag.ACCESS), this::revokeKey);
        routes.add(
                Endpoint.put("/api/v1/role-bindings", Tag.ACCESS)
                        .reads(Requests.RoleBindingRequest.class)
                        .returns(RoleBindingView.class),
                this::bindRole);
        routes.add(Endpoint.get("/api/v1/audit", Tag.AUDIT).returnsListOf(AuditRepository.Entry.class), this::auditLog);
        routes.add(Endpoint.get("/api/v1/audit/verify", Tag.AUDIT).returns(AuditVerificationView.class), ctx -> {
            // Walks the hash chain, as `strata audit verify` does, but while this server holds the store (an
            // embedded store's data directory is this server's alone).
            ApiGuard.requireAdmin(ctx);
            ctx.json(AuditVerificationView.of(store.audit().verify()));
        });
    }

    private void createKey(Context ctx) {
        Principal principal = ApiGuard.requireAdmin(ctx);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String name = text(body, "name");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("name is required", "send {\"name\": \"ci\", \"role\": \"operator\"}");
        }
        Role role = Role.parse(text(body, "role"))
                .orElseThrow(() -> ApiException.badRequest(
                        "role must be one of " + Role.labels(), "send {\"name\": \"ci\", \"role\": \"operator\"}"));
        List<String> pipelines = keyScope(body.get("pipelines"));
        AccessRepository.CreatedKey created =
                store.access().createKey(name, role, pipelines, principal.id(), clock.instant());
        ctx.status(201)
                .json(new CreatedKeyView(
                        ApiKeyView.of(created.key()),
                        created.secret(),
                        pipelines,
                        "the key is shown once; store it now"));
    }

    private void revokeKey(Context ctx) {
        ApiGuard.requireAdmin(ctx);
        if (!store.access().revoke(ctx.pathParam("id"), clock.instant())) {
            throw ApiException.notFound("no live API key " + ctx.pathParam("id"));
        }
        guard.forget();
        ctx.status(204);
    }

    private void bindRole(Context ctx) {
        Principal principal = ApiGuard.requireAdmin(ctx);
        JsonNode body = Json.object(RequestBodies.read(ctx, RequestBodies.JSON_LIMIT));
        String who = text(body, "principal");
        String pipeline = text(body, "pipeline");
        Role role = Role.parse(text(body, "role")).orElse(null);
        if (who == null || pipeline == null || role == null) {
            throw ApiException.badRequest(
                    "principal, pipeline and role (" + Role.labels() + ") are required",
                    "send {\"principal\": \"key_…\", \"pipeline\": \"orders\", \"role\": \"operator\"}");
        }
        store.access().bind(who, pipeline, role, principal.id(), clock.instant());
        guard.forget();
        ctx.json(RoleBindingView.of(who, pipeline, role));
    }

    private void auditLog(Context ctx) {
        ApiGuard.requireAdmin(ctx);
        long before = ctx.queryParam("before") == null ? 0 : RequestParts.parseLong(ctx.queryParam("before"), "before");
        ctx.json(store.audit().list(RequestParts.limit(ctx), before));
    }

    /**
     * The pipelines a new key is scoped to: absent or null for a key that holds its role everywhere, else a non-empty
     * list of pipeline names. Anything else is refused rather than read as "everywhere".
     */
    private static List<String> keyScope(JsonNode pipelines) {
        if (pipelines == null || pipelines.isNull()) {
            return List.of();
        }
        String hint = "send \"pipelines\": [\"orders\"] for a scoped key, or leave it out for a key valid on every"
                + " pipeline";
        if (!pipelines.isArray() || pipelines.isEmpty()) {
            throw ApiException.badRequest("pipelines must be a non-empty list of pipeline names", hint);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : pipelines) {
            if (!name.isTextual() || !PIPELINE_NAME.matcher(name.asText()).matches()) {
                throw ApiException.badRequest(
                        "pipelines must be a list of pipeline names (letters, digits, '_' and '-')", hint);
            }
            names.add(name.asText());
        }
        return List.copyOf(names);
    }
}
