package dev.strata.core.plan;

import dev.strata.core.spec.DatasetName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the datasets a Spark SQL text reads: qualified names {@code layer.name} (plain or in backticks) outside string
 * literals and comments, whose first part is one of the given layers. Aliases such as {@code o.amount} are not
 * references because {@code o} is not a layer, nor are function calls such as {@code gold.fn(x)}. Layers match ignoring case, as Spark does; names are returned as
 * written.
 */
public final class SqlReferences {
    /** Layers every pipeline knows, whether or not it declares a dataset in them. */
    public static final Set<String> STANDARD_LAYERS = Set.of("bronze", "silver", "gold");

    private SqlReferences() {}

    /** One reference and where it starts in the SQL text (a 0-based char offset). */
    public record Occurrence(DatasetName name, int offset) {}

    /** The distinct datasets referenced, in order of first appearance. */
    public static Set<DatasetName> extract(String sql, Set<String> layers) {
        return find(sql, layers).stream().map(Occurrence::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every reference, in order, with its offset. */
    public static List<Occurrence> find(String sql, Set<String> layers) {
        Set<String> lowerLayers =
                layers.stream().map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<Occurrence> found = new ArrayList<>();
        Scanner scanner = new Scanner(sql);
        while (scanner.hasMore()) {
            char c = scanner.peek();
            if (scanner.startsWith("--")) {
                scanner.skipLineComment();
            } else if (scanner.startsWith("/*")) {
                scanner.skipBlockComment();
            } else if (c == '\'' || c == '"') {
                scanner.skipString(c);
            } else if (c == '`' || isIdentifierStart(c)) {
                int start = scanner.position();
                List<String> parts = scanner.readQualifiedName();
                if (!scanner.nextNonBlankIs('(')) { // gold.fn(x) is a function call
                    reference(parts, lowerLayers).ifPresent(name -> found.add(new Occurrence(name, start)));
                }
            } else if (Character.isDigit(c)) {
                scanner.skipNumber();
            } else {
                scanner.advance();
            }
        }
        return List.copyOf(found);
    }

    private static Optional<DatasetName> reference(List<String> parts, Set<String> lowerLayers) {
        // layer.name, layer.name.column, or catalog.layer.name
        for (int i = 0; i + 1 < parts.size() && i < 2; i++) {
            if (parts.get(i) != null && lowerLayers.contains(parts.get(i).toLowerCase(Locale.ROOT))) {
                return DatasetName.tryParse(parts.get(i) + "." + parts.get(i + 1));
            }
        }
        return Optional.empty();
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** A cursor over SQL text that knows Spark's literals and comments. */
    private static final class Scanner {
        private final String text;
        private int pos;

        Scanner(String text) {
            this.text = text;
        }

        boolean hasMore() {
            return pos < text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        int position() {
            return pos;
        }

        void advance() {
            pos++;
        }

        boolean startsWith(String prefix) {
            return text.startsWith(prefix, pos);
        }

        boolean nextNonBlankIs(char c) {
            int i = pos;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i < text.length() && text.charAt(i) == c;
        }

        void skipLineComment() {
            int end = text.indexOf('\n', pos);
            pos = end < 0 ? text.length() : end + 1;
        }

        /** Spark's bracketed comments nest. */
        void skipBlockComment() {
            int depth = 0;
            while (hasMore()) {
                if (startsWith("/*")) {
                    depth++;
                    pos += 2;
                } else if (startsWith("*/")) {
                    depth--;
                    pos += 2;
                    if (depth == 0) {
                        return;
                    }
                } else {
                    pos++;
                }
            }
        }

        /** A '…' or "…" literal: a backslash escapes the next character, and a doubled quote is a quote. */
        void skipString(char quote) {
            pos++;
            while (hasMore()) {
                char c = peek();
                if (c == '\\') {
                    pos += 2;
                } else if (c == quote) {
                    pos++;
                    if (hasMore() && peek() == quote) {
                        pos++;
                    } else {
                        return;
                    }
                } else {
                    pos++;
                }
            }
        }

        void skipNumber() {
            while (hasMore() && (isIdentifierPart(peek()) || peek() == '.')) {
                pos++;
            }
        }

        /** {@code a.b.c} with optional backticks per part; a part that is not a plain name is null. */
        List<String> readQualifiedName() {
            List<String> parts = new ArrayList<>();
            parts.add(readPart());
            while (hasMore() && peek() == '.' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next != '`' && !isIdentifierStart(next)) {
                    break;
                }
                pos++;
                parts.add(readPart());
            }
            return parts;
        }

        private String readPart() {
            if (peek() == '`') {
                StringBuilder name = new StringBuilder();
                pos++;
                while (hasMore()) {
                    char c = peek();
                    pos++;
                    if (c == '`') {
                        if (hasMore() && peek() == '`') {
                            name.append('`');
                            pos++;
                        } else {
                            break;
                        }
                    } else {
                        name.append(c);
                    }
                }
                return name.toString();
            }
            int start = pos;
            while (hasMore() && isIdentifierPart(peek())) {
                pos++;
            }
            return text.substring(start, pos);
        }
    }
}
