package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.secret.Secrets;
import dev.strata.core.spec.Suggestions;
import java.util.Collection;
import org.apache.spark.sql.AnalysisException;

/**
 * What {@code strata sql} says when Spark refuses a query: where (line and column of the query), what, and a hint
 * (the spot marked under the query's line, or the closest table name); exit 2, as any invalid input.
 */
final class QueryErrors {
    private static final String TABLES_HINT =
            "tables are named like silver.orders; run `strata run` first to create them";

    private QueryErrors() {}

    /**
     * The error for a query Spark could not parse or analyse; {@code tables} are the names the pipeline's datasets
     * (and their quarantines) can be queried by.
     */
    static StrataException refused(String query, Exception e, Collection<String> tables) {
        if (!(e instanceof AnalysisException analysis)) {
            return new StrataException(
                    ErrorCode.INVALID_SPEC, "Cannot run query: " + Messages.firstLine(e) + " (" + TABLES_HINT + ")");
        }
        int line = analysis.line().isDefined() ? (Integer) analysis.line().get() : 0;
        int column = analysis.startPosition().isDefined()
                ? (Integer) analysis.startPosition().get() + 1
                : 0;
        String where = line < 1 ? "" : "line " + line + (column < 1 ? "" : ", column " + column) + ": ";
        return new StrataException(
                ErrorCode.INVALID_SPEC,
                "Cannot run query: " + where + firstLine(analysis.message()) + " (" + hint(analysis, tables) + ")"
                        + marked(query, line, column));
    }

    private static String hint(AnalysisException e, Collection<String> tables) {
        if ("TABLE_OR_VIEW_NOT_FOUND".equals(e.getErrorClass())) {
            String name =
                    e.getMessageParameters().getOrDefault("relationName", "").replace("`", "");
            if (tables.contains(name)) {
                return name + " has no table yet: run `strata run` first to create it";
            }
            return Suggestions.didYouMean(name, tables, false)
                    .orElse(TABLES_HINT + "; tables: " + String.join(", ", tables));
        }
        return e instanceof org.apache.spark.sql.catalyst.parser.ParseException
                ? "check the Spark SQL syntax at the mark below"
                : TABLES_HINT;
    }

    /** The query's line with a caret under the column, indented; empty when Spark named no place. */
    private static String marked(String query, int line, int column) {
        String[] lines = query.split("\n", -1);
        if (line < 1 || line > lines.length || column < 1) {
            return "";
        }
        String text = Secrets.redact(lines[line - 1]).stripTrailing();
        return "\n  " + text + "\n  " + " ".repeat(Math.min(column - 1, text.length())) + "^";
    }

    /** Spark's message without its error class's further lines, masked like every message. */
    private static String firstLine(String message) {
        String text = Secrets.redact(message == null ? "" : message).strip();
        int newline = text.indexOf('\n');
        String first = (newline < 0 ? text : text.substring(0, newline)).strip();
        return first.isEmpty() ? "Spark refused it" : first;
    }
}
