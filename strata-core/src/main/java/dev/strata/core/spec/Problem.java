package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.Messages;
import dev.strata.core.secret.Secrets;
import java.util.Comparator;

/**
 * One located problem of a pipeline file, printed as {@code FILE:LINE:COL: yaml.path: message (hint)}.
 *
 * <p>{@code line} and {@code column} are 1-based; 0 means the problem has no place in the file (e.g. one found by the
 * planner on a spec built in code). {@code path} is dotted, with list items as {@code expect[1]}; empty for the whole
 * file. {@code hint} is the fix, or null.
 */
public record Problem(String file, int line, int column, String path, String message, String hint, Severity severity) {

    /** Whether a problem fails validation. */
    public enum Severity {
        ERROR,
        WARNING
    }

    /** Orders problems as they appear in the file. */
    public static final Comparator<Problem> BY_POSITION = Comparator.comparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::path)
            .thenComparing(Problem::message);

    /** The longest message or hint kept: one that quotes a huge value would otherwise repeat it. */
    static final int MAX_MESSAGE = 1_000;

    public Problem {
        requireNonNull(file, "file is null");
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
        requireNonNull(severity, "severity is null");
        message = Messages.abbreviate(Secrets.redact(message), MAX_MESSAGE);
        hint = hint == null ? null : Messages.abbreviate(Secrets.redact(hint), MAX_MESSAGE);
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative: " + line + ":" + column);
        }
    }

    /** An error. */
    public Problem(String file, int line, int column, String path, String message, String hint) {
        this(file, line, column, path, message, hint, Severity.ERROR);
    }

    /** An error with no place in a file, e.g. from the planner. */
    public static Problem unlocated(String path, String message, String hint) {
        return new Problem("<pipeline>", 0, 0, path, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COL: path: message (hint)}; warnings say so after the location. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (severity == Severity.WARNING) {
            out.append("warning: ");
        }
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        out.append(message);
        if (hint != null) {
            out.append(" (").append(hint).append(')');
        }
        return out.toString();
    }
}
