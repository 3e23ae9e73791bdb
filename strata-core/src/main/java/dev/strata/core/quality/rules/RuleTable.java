package dev.strata.core.quality.rules;

import java.util.function.Predicate;

/**
 * The rule tables of docs/quality.md, written from {@link RuleKinds}: one for the rules that judge rows, one for the
 * rules on the batch as a whole. The docs hold them between marker comments, and a test keeps them identical.
 */
public final class RuleTable {
    /** Where the tables are checked in, relative to the repository root. */
    public static final String CHECKED_IN_PATH = "docs/quality.md";

    private static final String ROW_START = "<!-- row rules: generated from RuleKinds by RuleTable -->\n";
    private static final String BATCH_START = "<!-- whole-batch rules: generated from RuleKinds by RuleTable -->\n";
    private static final String END = "<!-- end of generated table -->";

    private RuleTable() {}

    /** The table of rules that judge rows (row rules and unique). */
    public static String rowRules() {
        return table("a row fails when", kind -> kind.type().judgesRows());
    }

    /** The table of rules on the batch as a whole. */
    public static String batchRules() {
        return table("value", kind -> !kind.type().judgesRows());
    }

    /** {@code markdown} with both tables replaced by the ones the registry gives now. */
    public static String update(String markdown) {
        return replace(replace(markdown, ROW_START, rowRules()), BATCH_START, batchRules());
    }

    private static String replace(String markdown, String start, String table) {
        int from = markdown.indexOf(start);
        int to = markdown.indexOf(END, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no '" + start.strip() + "' ... '" + END + "' section");
        }
        return markdown.substring(0, from + start.length()) + table + markdown.substring(to);
    }

    private static String table(String meaning, Predicate<RuleKind> which) {
        StringBuilder table = new StringBuilder("| rule | fields | " + meaning + " |\n|---|---|---|\n");
        for (RuleKind kind : RuleKinds.all()) {
            if (which.test(kind)) {
                table.append("| `")
                        .append(kind.id())
                        .append("` | ")
                        .append(kind.fieldsDoc())
                        .append(" | ")
                        .append(kind.meaning())
                        .append(" |\n");
            }
        }
        return table.toString();
    }
}
