package dev.strata.engine.sql;

import java.util.Locale;
import org.apache.spark.sql.types.DataType;

/**
 * Spark SQL text built from values: quoted identifiers, string literals and type names. Every piece of SQL the engine
 * assembles goes through here, so a name or value with a backtick, quote or control character is escaped one way.
 */
public final class SqlSyntax {
    private SqlSyntax() {}

    /** An identifier (column, table, namespace) quoted for Spark SQL and column expressions: {@code `a``b`}. */
    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** {@code `layer`.`name`}: each part quoted, joined by dots. */
    public static String qualified(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(name.isEmpty() ? "" : ".").append(quote(part));
        }
        return name.toString();
    }

    /** A SQL string literal: backslash and quote escaped, control characters as {@code \\uXXXX} escapes. */
    public static String literal(String text) {
        StringBuilder literal = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '\'') {
                literal.append('\\').append(c);
            } else if (c < 0x20) {
                literal.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                literal.append(c);
            }
        }
        return literal.append('\'').toString();
    }

    /**
     * A type's SQL name in lower case, e.g. {@code array<struct<a: int>>}. Nullability is not part of it, so two types
     * that differ only there have the same name.
     */
    public static String typeName(DataType type) {
        return type.sql().toLowerCase(Locale.ROOT);
    }
}
