package dev.strata.server;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP responses: a JSON problem body (RFC 9457 fields plus a stable {@code code}) with
 * the status its class maps to. No stack trace or internal message reaches a client.
 */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    static void api(ApiException e, Context ctx) {
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        }
        write(ctx, e.status(), e.code(), e.getMessage(), e.hint(), List.of());
    }

    static void strata(StrataException e, Context ctx) {
        if (e instanceof PipelineValidationException invalid) {
            write(
                    ctx,
                    400,
                    "invalid_pipeline",
                    invalid.problems().size() + " problem(s) in the pipeline",
                    "fix each error at its line and column, then send it again",
                    located(invalid.problems()));
            return;
        }
        int status = status(e.code());
        if (status >= 500) {
            LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
        }
        write(ctx, status, e.code().name().toLowerCase(java.util.Locale.ROOT), e.getMessage(), null, List.of());
    }

    static void http(HttpResponseException e, Context ctx) {
        String code = switch (e.getStatus()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            default -> "http_" + e.getStatus();
        };
        write(ctx, e.getStatus(), code, e.getMessage(), null, List.of());
    }

    static void unexpected(Exception e, Context ctx) {
        LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
        write(ctx, 500, "internal", "the server failed to handle the request", "see the server log", List.of());
    }

    private static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_SPEC, UNSUPPORTED -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case ACCESS_DENIED -> 403;
            case SOURCE_UNREADABLE, DATASET_FAILED -> 422;
            case INTERNAL -> 500;
        };
    }

    static List<Views.LocatedError> located(List<Problem> problems) {
        List<Views.LocatedError> errors = new ArrayList<>();
        for (Problem p : problems) {
            // As the CLI prints it, without the server's own path for the file.
            String text = p.toString().substring(p.file().length()).replaceFirst("^:", "");
            errors.add(new Views.LocatedError(p.line(), p.column(), p.path(), p.message(), p.hint(), text));
        }
        return errors;
    }

    private static void write(
            Context ctx, int status, String code, String detail, String hint, List<Views.LocatedError> errors) {
        Views.Problem body = new Views.Problem(
                "https://strata.dev/problems/" + code, title(status), status, code, detail, hint, errors);
        ctx.status(status).contentType("application/problem+json").result(Json.write(body));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 422 -> "Unprocessable Content";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
