package dev.strata.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits what {@code strata shell} reads into statements: SQL ends at a {@code ;} outside quotes ({@code '…'},
 * {@code "…"}, {@code `…`}) and comments ({@code -- …}, {@code /* … *}{@code /}); a statement whose first character is
 * {@code .} or {@code \} is a meta command ({@code .tables}, {@code \d}), which ends at the end of its line.
 */
final class StatementSplitter {
    /** One statement: SQL without its {@code ;}, or a meta command's line; both stripped of surrounding blanks. */
    record Statement(String text, boolean meta) {}

    /**
     * The complete statements, and the rest of the text after the last of them; {@code incomplete} when that rest
     * begins a statement (more than blanks and closed comments), which needs more lines.
     */
    record Split(List<Statement> statements, String rest, boolean incomplete) {
        Split {
            statements = List.copyOf(statements);
        }
    }

    private StatementSplitter() {}

    /** Whether {@code buffer}, a line just entered, holds only complete statements (a meta command ends with it). */
    static boolean isComplete(String buffer) {
        return !split(buffer + "\n").incomplete();
    }

    static Split split(String text) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        boolean content = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : 0;
            if (c == '-' && next == '-') {
                int newline = text.indexOf('\n', i);
                i = newline < 0 ? n : newline;
            } else if (c == '/' && next == '*') {
                int close = text.indexOf("*/", i + 2);
                if (close < 0) {
                    return new Split(statements, text.substring(start), true);
                }
                i = close + 2;
            } else if (!content && (c == '.' || c == '\\')) {
                int newline = text.indexOf('\n', i);
                if (newline < 0) {
                    return new Split(statements, text.substring(start), true);
                }
                statements.add(new Statement(meta(text.substring(i, newline)), true));
                i = newline + 1;
                start = i;
            } else if (c == '\'' || c == '"' || c == '`') {
                int close = closingQuote(text, i);
                if (close < 0) {
                    return new Split(statements, text.substring(start), true);
                }
                content = true;
                i = close + 1;
            } else if (c == ';') {
                if (content) {
                    statements.add(new Statement(text.substring(start, i).strip(), false));
                }
                content = false;
                i++;
                start = i;
            } else {
                content |= !Character.isWhitespace(c);
                i++;
            }
        }
        return new Split(statements, text.substring(start), content);
    }

    /** The index of the quote closing the one at {@code open}; -1 if none. Spark's strings escape with {@code \}. */
    private static int closingQuote(String text, int open) {
        char quote = text.charAt(open);
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /** A meta command's line without blanks and {@code ;} at its end. */
    private static String meta(String line) {
        String text = line.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        return text;
    }
}
