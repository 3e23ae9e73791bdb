package dev.strata.cli.doctor;

import static java.util.Objects.requireNonNull;

/**
 * What one check of {@code strata doctor} found: its verdict, what it saw, and, unless all is well, what to do.
 *
 * @param check what was checked, e.g. {@code java}, {@code store}
 * @param status the verdict
 * @param detail what the check saw, without any secret
 * @param fix what to do about a WARN or FAIL; null for OK
 */
public record CheckResult(String check, Status status, String detail, String fix) {
    /** A check's verdict; any FAIL makes {@code strata doctor} exit 1. */
    public enum Status {
        OK,
        WARN,
        FAIL
    }

    public CheckResult {
        requireNonNull(check, "check is null");
        requireNonNull(status, "status is null");
        requireNonNull(detail, "detail is null");
        if (status != Status.OK) {
            requireNonNull(fix, "a " + status + " needs a fix");
        }
    }

    static CheckResult ok(String check, String detail) {
        return new CheckResult(check, Status.OK, detail, null);
    }

    static CheckResult warn(String check, String detail, String fix) {
        return new CheckResult(check, Status.WARN, detail, fix);
    }

    static CheckResult fail(String check, String detail, String fix) {
        return new CheckResult(check, Status.FAIL, detail, fix);
    }
}
