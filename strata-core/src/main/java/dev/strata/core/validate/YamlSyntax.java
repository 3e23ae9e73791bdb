package dev.strata.core.validate;

import dev.strata.core.validate.SourceMap.Position;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in plain words. The parser says {@code expected <block end>, but found '<block mapping
 * start>'}; the common mistakes behind such words (a key indented off its siblings, a tab, a missing space after
 * {@code :}, an unclosed quote or bracket, a list item among a mapping's keys) are recognized from the parser's problem
 * and the lines around it, and any other keeps the parser's words with a hint.
 */
final class YamlSyntax {
    private final MarkedYAMLException error;
    private final String[] lines;
    private final String problem;
    private final String context;

    /** What is wrong where, and how to fix it. */
    record Explanation(Position at, String message, String hint) {}

    private YamlSyntax(MarkedYAMLException error, String[] lines) {
        this.error = error;
        this.lines = lines;
        this.problem = String.valueOf(error.getProblem());
        this.context = String.valueOf(error.getContext());
    }

    /** The error explained, located at the parser's mark (1-based). */
    static Explanation explain(MarkedYAMLException error, String[] lines) {
        return new YamlSyntax(error, lines).explain();
    }

    private Explanation explain() {
        Mark mark = error.getProblemMark() != null ? error.getProblemMark() : error.getContextMark();
        Position at = mark == null ? Position.START : position(mark);
        String lowered = problem.toLowerCase(Locale.ROOT);
        if (lowered.contains("\\t(tab)") || lowered.contains("'\\t'")) {
            return tab(at);
        }
        if (lowered.contains("mapping values are not allowed")) {
            return mappingValue(at);
        }
        if (problem.startsWith("expected <block end>, but found")) {
            return blockEnd(at);
        }
        if (context.contains("quoted scalar") && lowered.contains("end of stream") && error.getContextMark() != null) {
            Mark open = error.getContextMark();
            String quote = quoteAt(open);
            return new Explanation(
                    at,
                    "the quote " + quote + " at line " + (open.getLine() + 1) + ", column " + (open.getColumn() + 1)
                            + " is never closed",
                    "end the value with " + quote);
        }
        if (context.startsWith("while parsing a flow") && error.getContextMark() != null) {
            boolean mapping = context.contains("flow mapping");
            if (problem.endsWith("<stream end>") || problem.endsWith(mapping ? "got ]" : "got }")) {
                return unclosedFlow(at, mapping);
            }
        }
        if (problem.contains("expected ',' or '}'") || problem.contains("expected ',' or ']'")) {
            return new Explanation(at, problem, "inside {…} or […], quote values that contain ${…}, {, }, [ or ]");
        }
        if (problem.contains("found character '@'") || problem.contains("found character '`'")) {
            return new Explanation(at, problem, "quote values that start with @ or `");
        }
        return new Explanation(at, problem, contextHint());
    }

    private Explanation tab(Position at) {
        String before = textBefore(at);
        if (before.isBlank()) {
            return new Explanation(
                    at,
                    "a tab is used for indentation",
                    "indentation: YAML indents with spaces only; replace the tab with spaces");
        }
        return new Explanation(at, "a value starts with a tab", "remove the tab, or quote the value");
    }

    /** A ':' that ends a key where no key may start: inside a value, or after a key that continued a value above. */
    private Explanation mappingValue(Position at) {
        String before = textBefore(at);
        int colon = before.indexOf(": ");
        if (colon >= 0) {
            String line = lineText(at.line());
            String key = before.substring(keyColumn(line) - 1, colon).strip();
            String value = withoutComment(line.substring(colon + 1)).strip();
            return new Explanation(
                    at,
                    "the value of '" + key + "' contains ': ', which YAML reads as another key",
                    value.contains("\"") ? "quote the value" : "quote the value: " + key + ": \"" + value + "\"");
        }
        int above = contentLineAbove(at.line());
        if (above > 0) {
            String previous = lineText(above);
            String entry = previous.substring(keyColumn(previous) - 1);
            if (!(entry + " ").contains(": ") && entry.indexOf(':') > 0 && !entry.startsWith("#")) {
                int colonAt = entry.indexOf(':');
                String key = entry.substring(0, colonAt);
                String value = withoutComment(entry.substring(colonAt + 1)).strip();
                return new Explanation(
                        new Position(above, keyColumn(previous) + colonAt),
                        "'" + key + ":" + value + "' needs a space after the ':'",
                        "write " + key + ": " + value);
            }
            int column = keyColumn(lineText(at.line()));
            if (column > keyColumn(previous)) {
                return new Explanation(
                        new Position(at.line(), column),
                        "this key is indented deeper than its siblings",
                        "indentation: line it up with '" + keyName(previous) + "' on line " + above + " (column "
                                + keyColumn(previous) + ")");
            }
        }
        return new Explanation(at, problem, "quote values that contain ': ', and check the indentation");
    }

    /** A block that should end where something else starts: a key off its siblings, or an item among keys. */
    private Explanation blockEnd(Position at) {
        if (problem.endsWith("'-'")) {
            return new Explanation(
                    at,
                    "a list item ('- …') among the keys of a mapping",
                    "a mapping holds 'key: value' entries and a list holds '- item' entries, not both: put the items"
                            + " under a key of their own, or start every entry with '- '");
        }
        if (problem.endsWith("'?'") && context.contains("block collection")) {
            return new Explanation(
                    at,
                    "a key among the items of a list",
                    "start it with '- ' to make it an item, or indent it under the item it belongs to");
        }
        if (problem.endsWith("'<block mapping start>'")) {
            int above = contentLineAbove(at.line());
            int parent = parentLine(at.line(), at.column());
            StringBuilder hint = new StringBuilder("indentation: indent it");
            if (above > 0 && keyColumn(lineText(above)) > at.column()) {
                hint.append(" like '")
                        .append(keyName(lineText(above)))
                        .append("' (line ")
                        .append(above)
                        .append(", column ")
                        .append(keyColumn(lineText(above)))
                        .append(")");
                if (parent > 0) {
                    hint.append(" or");
                }
            }
            if (parent > 0) {
                hint.append(" like '")
                        .append(keyName(lineText(parent)))
                        .append("' (line ")
                        .append(parent)
                        .append(", column ")
                        .append(keyColumn(lineText(parent)))
                        .append(")");
            }
            return new Explanation(at, "this key lines up with no key above it", hint.toString());
        }
        return new Explanation(at, problem, contextHint());
    }

    /** A '{' or '[' that the file, or the other kind of bracket, ends before it is closed. */
    private Explanation unclosedFlow(Position at, boolean mapping) {
        Mark open = error.getContextMark();
        String where = " at line " + (open.getLine() + 1) + ", column " + (open.getColumn() + 1);
        String ended = problem.endsWith("<stream end>")
                ? " is never closed"
                : " is not closed before this " + (mapping ? "']'" : "'}'");
        return new Explanation(
                at, "the " + (mapping ? "'{'" : "'['") + where + ended, "close it with " + (mapping ? "'}'" : "']'"));
    }

    private String contextHint() {
        if (error.getContext() != null && error.getContextMark() != null) {
            return error.getContext() + " at line " + (error.getContextMark().getLine() + 1);
        }
        return "check the indentation and quoting";
    }

    /** The quote character that opens the scalar at {@code mark}, quoted for a message. */
    private String quoteAt(Mark mark) {
        String line = lineText(mark.getLine() + 1);
        char quote = mark.getColumn() < line.length() ? line.charAt(mark.getColumn()) : '"';
        return quote == '\'' ? "(')" : "(\")";
    }

    /** The text of a 1-based line; empty past the end. */
    private String lineText(int line) {
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    private String textBefore(Position at) {
        String line = lineText(at.line());
        return line.substring(0, Math.min(line.length(), at.column() - 1));
    }

    /** The nearest line above {@code line} with content (not blank, not only a comment); 0 when there is none. */
    private int contentLineAbove(int line) {
        for (int i = line - 1; i >= 1; i--) {
            String text = lineText(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                return i;
            }
        }
        return 0;
    }

    /** The nearest line above whose key starts left of {@code column}: the parent of a key there; 0 when none. */
    private int parentLine(int line, int column) {
        for (int i = contentLineAbove(line); i >= 1; i = contentLineAbove(i)) {
            if (keyColumn(lineText(i)) < column) {
                return i;
            }
        }
        return 0;
    }

    /** The 1-based column where a line's text starts, past its indentation. */
    private static int indentColumn(String line) {
        return line.length() - line.stripLeading().length() + 1;
    }

    /** The 1-based column of a line's key, past its indentation and any {@code - } of list items. */
    private static int keyColumn(String line) {
        int i = indentColumn(line) - 1;
        while (i < line.length() && line.charAt(i) == '-' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
            i++;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
        }
        return i + 1;
    }

    /** A line's key: its text from the key column up to the first ':'. */
    private static String keyName(String line) {
        String entry = line.substring(Math.min(line.length(), keyColumn(line) - 1));
        int colon = entry.indexOf(':');
        return (colon < 0 ? entry : entry.substring(0, colon)).strip();
    }

    private static String withoutComment(String text) {
        int comment = text.indexOf(" #");
        return comment < 0 ? text : text.substring(0, comment);
    }

    private static Position position(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
