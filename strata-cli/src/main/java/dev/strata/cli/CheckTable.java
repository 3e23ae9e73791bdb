package dev.strata.cli;

import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.engine.check.TableCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code strata check} prints: per dataset its rows and rules passed, then each rule's verdict as runs print it. */
final class CheckTable {
    private static final String[] HEADER = {"DATASET", "ROWS", "RULES", "FROM STATISTICS", "SCANNED"};

    private CheckTable() {}

    static String render(List<TableCheck.Outcome> outcomes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (TableCheck.Outcome o : outcomes) {
            long passed = o.rules().stream()
                    .filter(r -> r.status() == RuleStatus.PASSED)
                    .count();
            rows.add(new String[] {
                o.dataset(),
                Long.toString(o.rows()),
                passed + "/" + o.rules().size() + " passed",
                o.fromStatistics().size() + "/" + o.rules().size() + " rules",
                o.scanned() ? "yes" : "no"
            });
        }
        int[] widths = new int[HEADER.length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        StringBuilder out = new StringBuilder("\n");
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rows.get(r).length; i++) {
                String text = rows.get(r)[i];
                String spaces = " ".repeat(widths[i] - text.length());
                line.append(i == 1 && r > 0 ? spaces + text : text + spaces).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append('\n');
        for (TableCheck.Outcome o : outcomes) {
            for (RuleResult rule : o.rules()) {
                String message = rule.message() != null ? rule.message() : rule.name();
                out.append(String.format(Locale.ROOT, "  %-4s %s  %s%n", label(rule.status()), o.dataset(), message));
            }
        }
        return out.toString();
    }

    private static String label(RuleStatus status) {
        return switch (status) {
            case PASSED -> "ok";
            case WARNED -> "warn";
            case FAILED -> "FAIL";
        };
    }
}
