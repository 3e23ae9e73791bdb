package dev.strata.cli;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The end-of-run table: counts per dataset, rules that did not pass, schema changes applied, and what failed. */
final class SummaryTable {
    /** The pseudo-rule for records that did not fit the source schema; not one the user declared. */
    private static final String MALFORMED = "malformed_record";

    private static final String[] HEADER = {"DATASET", "STATUS", "IN", "WRITTEN", "QUARANTINED", "DROPPED", "RULES"};

    private SummaryTable() {}

    static String render(RunResult run, String storageRoot) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (DatasetResult d : run.datasets()) {
            List<RuleResult> declared =
                    d.rules().stream().filter(r -> !r.rule().equals(MALFORMED)).toList();
            long passed = declared.stream()
                    .filter(r -> r.status() == RuleStatus.PASSED)
                    .count();
            rows.add(new String[] {
                d.dataset(),
                d.status().name(),
                Long.toString(d.rowsIn()),
                Long.toString(d.rowsWritten()),
                Long.toString(d.rowsQuarantined()),
                Long.toString(d.rowsDropped()),
                declared.isEmpty() ? "-" : passed + "/" + declared.size() + " passed"
            });
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder("\n");
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 2 && i <= 5;
                line.append(pad(row[i], widths[i], numeric && r > 0)).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        List<String> details = new ArrayList<>();
        for (DatasetResult d : run.datasets()) {
            for (RuleResult rule : d.rules()) {
                if (rule.message() != null) {
                    details.add(String.format(
                            Locale.ROOT, "  %-4s %s  %s", label(rule.status()), d.dataset(), rule.message()));
                }
            }
            for (String change : d.schemaChanges()) {
                details.add(String.format(Locale.ROOT, "  %-4s %s  schema: %s", "info", d.dataset(), change));
            }
            if (d.message() != null) {
                details.add("  " + d.dataset() + ": " + d.message());
            }
            if (d.attempts() > 1) {
                details.add(String.format(
                        Locale.ROOT,
                        "  %-4s %s  %d attempts; retried after: %s",
                        "info",
                        d.dataset(),
                        d.attempts(),
                        String.join(" | ", d.failedAttempts())));
            }
        }
        if (!details.isEmpty()) {
            out.append("\n");
            details.forEach(line -> out.append(line).append('\n'));
        }
        Reprocessing reprocessing = run.reprocessing();
        if (reprocessing != null) {
            out.append("\n").append(capitalized(reprocessing.describe()));
            if (!reprocessing.ledgerEntriesReset().isEmpty()) {
                out.append(": rebuilt ");
                List<String> rebuilt = new ArrayList<>();
                reprocessing
                        .ledgerEntriesReset()
                        .forEach((dataset, reset) -> rebuilt.add(String.format(
                                Locale.ROOT,
                                "%s (reset %d ledger %s)",
                                dataset,
                                reset,
                                reset == 1 ? "entry" : "entries")));
                out.append(String.join(", ", rebuilt));
            }
            out.append('\n');
        }
        Duration took = Duration.between(run.startedAt(), run.finishedAt());
        out.append(String.format(
                Locale.ROOT,
                "%nRun %s %s in %.1fs (Spark start %.1fs). Tables under %s%n",
                run.runId(),
                run.status(),
                took.toMillis() / 1000.0 + run.sparkStartSeconds(),
                run.sparkStartSeconds(),
                storageRoot));
        return out.toString();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String label(RuleStatus status) {
        return switch (status) {
            case PASSED -> "ok";
            case WARNED -> "warn";
            case FAILED -> "FAIL";
        };
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
