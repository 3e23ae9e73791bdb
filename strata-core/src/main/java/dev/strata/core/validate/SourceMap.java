package dev.strata.core.validate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where each key and value of a pipeline document was written, and how its scalars were written. */
final class SourceMap {
    /** A 1-based line and column. */
    record Position(int line, int column) {
        static final Position START = new Position(1, 1);
    }

    /** How a string scalar was written, so that a position inside its text can be found. */
    enum Style {
        /** On one line, plain or quoted: the text starts {@code shift} columns after the value (1 past a quote). */
        INLINE,
        /** A literal block ({@code |}): each text line is a file line, indented by {@code shift}. */
        LITERAL,
        /** Anything else (folded, multi-line, escaped, interpolated): only the start is known. */
        OTHER
    }

    private record ScalarLayout(Style style, int shift) {}

    private final Map<YamlPath, Position> values = new HashMap<>();
    private final Map<YamlPath, Position> keys = new HashMap<>();
    private final Map<YamlPath, String> rawScalars = new HashMap<>();
    private final Map<YamlPath, ScalarLayout> layouts = new HashMap<>();
    private final Set<YamlPath> interpolated = new HashSet<>();

    void value(YamlPath path, Position position) {
        values.put(path, position);
    }

    void key(YamlPath path, Position position) {
        keys.put(path, position);
    }

    void rawScalar(YamlPath path, String text) {
        rawScalars.put(path, text);
    }

    void layout(YamlPath path, Style style, int shift) {
        layouts.put(path, new ScalarLayout(style, shift));
    }

    void interpolated(YamlPath path) {
        interpolated.add(path);
        layouts.remove(path);
    }

    /** Where the value at {@code path} starts, or where its closest written ancestor does. */
    Position valueAt(YamlPath path) {
        for (YamlPath p = path; ; p = p.parent()) {
            Position found = values.get(p);
            if (found != null) {
                return found;
            }
            if (p.isRoot()) {
                return Position.START;
            }
        }
    }

    /** Where the key of {@code path} is written; the value's position for list items and the root. */
    Position keyAt(YamlPath path) {
        Position key = keys.get(path);
        return key != null ? key : valueAt(path);
    }

    /** Where char {@code offset} of the string at {@code path} is, when the scalar's layout tells; else its start. */
    Position insideValue(YamlPath path, String text, int offset) {
        Position start = valueAt(path);
        ScalarLayout layout = layouts.get(path);
        if (layout == null || offset < 0 || offset > text.length()) {
            return start;
        }
        switch (layout.style()) {
            case INLINE:
                return new Position(start.line(), start.column() + layout.shift() + offset);
            case LITERAL:
                int line = 0;
                int lineStart = 0;
                for (int i = 0; i < offset; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                return new Position(start.line() + 1 + line, layout.shift() + 1 + offset - lineStart);
            default:
                return start;
        }
    }

    /** The text of a number or boolean as written, e.g. {@code 010} or {@code yes}. */
    Optional<String> rawScalar(YamlPath path) {
        return Optional.ofNullable(rawScalars.get(path));
    }

    boolean isInterpolated(YamlPath path) {
        return interpolated.contains(path);
    }
}
