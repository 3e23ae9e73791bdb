package dev.strata.cli;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * How {@code strata shell}'s line editor reads its buffer: Enter accepts it only when its statements are complete (a
 * SQL statement ended by {@code ;}, a meta command by its line), else it continues on the next line; for completion,
 * the word at the cursor is a SQL name, dots included ({@code silver.orders}, {@code o.amount}).
 */
final class SqlLineParser implements Parser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !StatementSplitter.isComplete(line)) {
            throw new EOFError(-1, -1, "the statement has no ; yet", ";");
        }
        return words(line, cursor);
    }

    /** The buffer split into SQL names, the one at {@code cursor} (maybe empty) being the word completed. */
    static Words words(String line, int cursor) {
        int start = cursor;
        while (start > 0 && isNamePart(line.charAt(start - 1))) {
            start--;
        }
        int end = cursor;
        while (end < line.length() && isNamePart(line.charAt(end))) {
            end++;
        }
        List<String> words = new ArrayList<>(names(line.substring(0, start)));
        int index = words.size();
        words.add(line.substring(start, end));
        words.addAll(names(line.substring(end)));
        return new Words(line.substring(start, end), cursor - start, index, List.copyOf(words), line, cursor);
    }

    /** Every SQL name in {@code text}, in order. */
    static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (!isNamePart(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isNamePart(text.charAt(i))) {
                i++;
            }
            names.add(text.substring(start, i));
        }
        return names;
    }

    static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    /** The buffer as words, for the completer. */
    record Words(String word, int wordCursor, int wordIndex, List<String> words, String line, int cursor)
            implements ParsedLine {}
}
