package dev.strata.server;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The route table: each resource ({@link PipelinesApi}, {@link RunsApi}, ...) adds its endpoints here, each with what
 * the OpenAPI document says of it (tag, request and response records), so the document can be generated from, and
 * tested against, the routes the server really has.
 */
final class Routes {
    /** A resource of the API: registers its own routes. */
    interface Resource {
        void register(Routes routes);
    }

    /** The OpenAPI tags: one per resource, and one for the endpoints outside {@code /api/v1}. */
    enum Tag {
        PIPELINES("Register pipelines and their versions"),
        RUNS("Start runs, watch them, cancel them, read their logs"),
        QUALITY("Quality metrics, of one run or over time"),
        ACCESS("API keys and role bindings (admin)"),
        AUDIT("The audit log and its hash chain (admin)"),
        SYSTEM("Health, readiness, Prometheus metrics and this document");

        final String description;

        Tag(String description) {
            this.description = description;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One endpoint: {@code request} is the JSON body's record (null for none), {@code response} the 2xx body's record
     * (null for none or not JSON), {@code list} whether that body is a JSON array of it.
     */
    record Endpoint(HandlerType method, String path, Tag tag, Class<?> request, Class<?> response, boolean list) {
        static Endpoint get(String path, Tag tag) {
            return new Endpoint(HandlerType.GET, path, tag, null, null, false);
        }

        static Endpoint post(String path, Tag tag) {
            return new Endpoint(HandlerType.POST, path, tag, null, null, false);
        }

        static Endpoint put(String path, Tag tag) {
            return new Endpoint(HandlerType.PUT, path, tag, null, null, false);
        }

        static Endpoint delete(String path, Tag tag) {
            return new Endpoint(HandlerType.DELETE, path, tag, null, null, false);
        }

        Endpoint reads(Class<?> body) {
            return new Endpoint(method, path, tag, body, response, list);
        }

        Endpoint returns(Class<?> body) {
            return new Endpoint(method, path, tag, request, body, false);
        }

        Endpoint returnsListOf(Class<?> item) {
            return new Endpoint(method, path, tag, request, item, true);
        }

        /** {@code METHOD /path/{param}}. */
        String key() {
            return method.name() + " " + path;
        }
    }

    private final Javalin app;
    private final List<Endpoint> endpoints = new ArrayList<>();

    Routes(Javalin app) {
        this.app = app;
    }

    /** Serves {@code endpoint} with {@code handler}, and remembers it for the OpenAPI document. */
    void add(Endpoint endpoint, Handler handler) {
        app.addHttpHandler(endpoint.method(), endpoint.path(), handler);
        endpoints.add(endpoint);
    }

    List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }
}
