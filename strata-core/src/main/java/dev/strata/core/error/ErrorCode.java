package dev.strata.core.error;

/** The stable classes of failure; each edge (CLI exit code, HTTP status) maps them exactly once. */
public enum ErrorCode {
    INVALID_SPEC(2),
    NOT_FOUND(2),
    UNSUPPORTED(2),
    CONFLICT(1),
    ACCESS_DENIED(1),
    SOURCE_UNREADABLE(1),
    DATASET_FAILED(1),
    INTERNAL(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code the CLI uses for this class of failure. */
    public int exitCode() {
        return exitCode;
    }
}
