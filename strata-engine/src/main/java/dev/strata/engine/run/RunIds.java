package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Run ids: made of the UTC time and a random suffix, and checked to name a file on every store. */
final class RunIds {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RunIds() {}

    static String next() {
        return RUN_ID_TIME.format(Instant.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    static String check(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use run id '" + runId + "': use 1-128 letters, digits, '.', '_' or '-', starting with a"
                            + " letter or digit");
        }
        return runId;
    }
}
