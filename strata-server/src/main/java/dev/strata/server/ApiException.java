package dev.strata.server;

/**
 * A request the API refuses or cannot serve, with its HTTP status and a stable error code that clients may switch on.
 * {@link Problems} turns it into the response body, in one place.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String hint;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message, String hint) {
        this(status, code, message, hint, 0);
    }

    private ApiException(int status, String code, String message, String hint, long retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.hint = hint;
        this.retryAfterSeconds = retryAfter;
    }

    /** The same refusal, telling the client to wait {@code seconds} before it asks again ({@code Retry-After}). */
    ApiException retryAfter(long seconds) {
        return new ApiException(status, code, getMessage(), hint, seconds);
    }

    /** Seconds to wait before asking again; 0 when the refusal names none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String hint() {
        return hint;
    }

    static ApiException badRequest(String message, String hint) {
        return new ApiException(400, "bad_request", message, hint);
    }

    static ApiException notFound(String what) {
        return notFound(what, null);
    }

    static ApiException notFound(String what, String hint) {
        return new ApiException(404, "not_found", what, hint);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, "send Authorization: Bearer <API key or JWT>");
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, "ask an admin for a role that allows it");
    }

    static ApiException conflict(String message, String hint) {
        return new ApiException(409, "conflict", message, hint);
    }
}
