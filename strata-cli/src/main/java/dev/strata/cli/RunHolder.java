package dev.strata.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run that holds a pipeline's lock, as the run waiting for it is told: its id, host, process and start. Written
 * into the lock file, and into the database session's {@code application_name} that holds the advisory lock (the one
 * place a session can show others, 63 bytes: the run id first, since it is what a user acts on).
 */
record RunHolder(String runId, String host, long pid, Instant startedAt) {
    private static final String PREFIX = "strata-run";

    /** This process running run {@code runId}, from now. */
    static RunHolder self(String runId) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return new RunHolder(
                runId, host, ProcessHandle.current().pid(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** One line: {@code strata-run RUN_ID PID EPOCH_SECONDS HOST}. */
    String encode() {
        return String.join(" ", PREFIX, runId, String.valueOf(pid), String.valueOf(startedAt.getEpochSecond()), host);
    }

    /** What {@link #encode} wrote, perhaps cut short; null when it is not a holder's line. */
    static RunHolder decode(String line) {
        if (line == null || !line.startsWith(PREFIX + " ")) {
            return null;
        }
        String[] parts = line.strip().split(" ", 5);
        List<String> fields = new ArrayList<>(List.of(parts));
        while (fields.size() < 5) {
            fields.add(null);
        }
        long pid = parse(fields.get(2));
        long epoch = parse(fields.get(3));
        return new RunHolder(fields.get(1), fields.get(4), pid, epoch < 0 ? null : Instant.ofEpochSecond(epoch));
    }

    private static long parse(String text) {
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** E.g. {@code run 20260101-080000-ab12 (pid 4242 on build-1, since 2026-01-01T08:00:00Z)}. */
    String describe() {
        List<String> where = new ArrayList<>();
        if (pid >= 0) {
            where.add("pid " + pid + (host == null ? "" : " on " + host));
        } else if (host != null) {
            where.add("on " + host);
        }
        if (startedAt != null) {
            where.add("since " + startedAt);
        }
        return String.format(
                Locale.ROOT,
                "run %s%s",
                runId == null ? "(id unknown)" : runId,
                where.isEmpty() ? "" : " (" + String.join(", ", where) + ")");
    }
}
