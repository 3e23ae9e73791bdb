package dev.strata.core.access;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What a reader sees of one column: the value as stored ({@code clear}), {@code redact} ('****'), {@code hash}
 * (SHA-256 of its text, hex), {@code last4} ('****' and its last four characters), {@code null}, or an SQL
 * expression over the row.
 */
public record MaskPolicy(Kind kind, String expression) {
    public enum Kind {
        CLEAR,
        REDACT,
        HASH,
        LAST4,
        NULL,
        EXPRESSION
    }

    public MaskPolicy {
        requireNonNull(kind, "kind is null");
        if (kind == Kind.EXPRESSION) {
            requireNonNull(expression, "expression is null");
        }
    }

    /** A policy as the pipeline file writes it: a keyword, else an SQL expression. */
    public static MaskPolicy parse(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        return switch (word) {
            case "clear" -> new MaskPolicy(Kind.CLEAR, null);
            case "redact" -> new MaskPolicy(Kind.REDACT, null);
            case "hash" -> new MaskPolicy(Kind.HASH, null);
            case "last4" -> new MaskPolicy(Kind.LAST4, null);
            case "null" -> new MaskPolicy(Kind.NULL, null);
            default -> new MaskPolicy(Kind.EXPRESSION, text.strip());
        };
    }
}
