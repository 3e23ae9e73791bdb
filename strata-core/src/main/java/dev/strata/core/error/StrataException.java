package dev.strata.core.error;

import static java.util.Objects.requireNonNull;

/** An expected failure with a stable {@link ErrorCode} and a message fit to show a user as is. */
public class StrataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public StrataException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public StrataException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
