package dev.strata.core.error;

import static java.util.Objects.requireNonNull;

import dev.strata.core.secret.Secrets;

/** An expected failure with a stable {@link ErrorCode} and a message fit to show a user as is. */
public class StrataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** A failure; any secret value in {@code message} is masked ({@link Secrets#redact}). */
    public StrataException(ErrorCode code, String message) {
        super(Secrets.redact(message));
        this.code = requireNonNull(code, "code is null");
    }

    public StrataException(ErrorCode code, String message, Throwable cause) {
        super(Secrets.redact(message), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
