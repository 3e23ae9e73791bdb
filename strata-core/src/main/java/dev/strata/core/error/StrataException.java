package dev.strata.core.error;

import static java.util.Objects.requireNonNull;

import dev.strata.core.secret.Secrets;

/** An expected failure with a stable {@link ErrorCode} and a message fit to show a user as is. */
public class StrataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String withoutDetails;

    /** A failure; any secret value in {@code message} is masked ({@link Secrets#redact}). */
    public StrataException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public StrataException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * An exception whose message quotes a third-party message (Spark's, a driver's), which may carry data values;
     * {@code withoutDetails} is the same message with that part replaced, fit for a server run's log.
     */
    public StrataException(ErrorCode code, String message, String withoutDetails, Throwable cause) {
        super(Secrets.redact(message), cause);
        this.code = requireNonNull(code, "code is null");
        this.withoutDetails = withoutDetails == null ? null : Secrets.redact(withoutDetails);
    }

    /** The message without third-party details that may carry data values: what a server run may show. */
    public String messageWithoutDetails() {
        return withoutDetails == null ? getMessage() : withoutDetails;
    }

    public ErrorCode code() {
        return code;
    }
}
