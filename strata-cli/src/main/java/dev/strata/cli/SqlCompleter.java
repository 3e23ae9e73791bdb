package dev.strata.cli;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes the word at the cursor of {@code strata shell}: meta commands, SQL keywords (in the case the word is
 * typed in), functions, the pipeline's tables, the columns of the tables the statement names (of every table while it
 * names none), and {@code table.column} or {@code alias.column} after a table's name or alias and a dot.
 */
final class SqlCompleter implements Completer {
    static final List<String> META_COMMANDS = List.of(".tables", ".describe", ".format", ".help", ".quit");

    /** {@code silver.orders o}, {@code silver.orders AS o}: a table and the alias after it. */
    private static final Pattern ALIASED =
            Pattern.compile("([A-Za-z0-9_]+\\.[A-Za-z0-9_]+)\\s+(?:(?i:AS)\\s+)?([A-Za-z_][A-Za-z0-9_]*)");

    private final SqlNames names;

    SqlCompleter(SqlNames names) {
        this.names = names;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String typed = line.word().substring(0, line.wordCursor());
        Set<String> found;
        try {
            found = candidates(line.line(), typed);
        } catch (RuntimeException e) { // Spark could not list names: Tab offers none rather than end the shell
            return;
        }
        for (String name : found) {
            candidates.add(new Candidate(name, name, null, null, null, null, true));
        }
    }

    /** What may complete {@code word} in {@code buffer}: the names that begin with it, whatever their case. */
    Set<String> candidates(String buffer, String word) {
        Set<String> all = new LinkedHashSet<>();
        String statement = buffer.stripLeading();
        if (statement.startsWith(".") || statement.startsWith("\\")) {
            String command = statement.split("\\s+", 2)[0];
            if (statement.equals(command)) {
                all.addAll(META_COMMANDS);
            } else if (command.equals(".describe") || command.equals("\\d")) {
                all.addAll(names.tables());
            } else if (command.equals(".format")) {
                all.addAll(List.of("table", "csv", "json"));
            }
            return matching(all, word);
        }
        int dot = word.lastIndexOf('.');
        if (dot > 0) {
            String qualifier = word.substring(0, dot);
            String table = tableOf(qualifier, buffer);
            if (table != null) {
                names.columns(table).forEach(column -> all.add(qualifier + "." + column));
            }
        }
        all.addAll(names.tables());
        // Columns typed before FROM: those of every table, until the statement names some.
        Set<String> named = tablesNamed(buffer);
        for (String table : named.isEmpty() ? names.tables() : named) {
            all.addAll(names.columns(table));
        }
        boolean lowerCase = word.equals(word.toLowerCase(Locale.ROOT)) && !word.isEmpty();
        names.keywords().stream()
                .sorted()
                .map(keyword -> lowerCase ? keyword.toLowerCase(Locale.ROOT) : keyword)
                .forEach(all::add);
        all.addAll(names.functions());
        return matching(all, word);
    }

    private static Set<String> matching(Set<String> all, String word) {
        Set<String> kept = new LinkedHashSet<>();
        String prefix = word.toLowerCase(Locale.ROOT);
        for (String name : all) {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                kept.add(name);
            }
        }
        return kept;
    }

    /** The table {@code qualifier} names in {@code buffer}: a table's own name, or an alias given to one. */
    private String tableOf(String qualifier, String buffer) {
        for (String table : names.tables()) {
            if (table.equalsIgnoreCase(qualifier)) {
                return table;
            }
        }
        return aliases(buffer).get(qualifier.toLowerCase(Locale.ROOT));
    }

    /** The aliases {@code buffer} gives tables, in lower case: {@code FROM silver.orders o JOIN … AS c}. */
    private Map<String, String> aliases(String buffer) {
        Map<String, String> aliases = new HashMap<>();
        Matcher matcher = ALIASED.matcher(buffer);
        while (matcher.find()) {
            String alias = matcher.group(2);
            if (names.keywords().contains(alias.toUpperCase(Locale.ROOT))) {
                continue;
            }
            for (String table : names.tables()) {
                if (table.equalsIgnoreCase(matcher.group(1))) {
                    aliases.put(alias.toLowerCase(Locale.ROOT), table);
                }
            }
        }
        return aliases;
    }

    /** The tables {@code buffer} names, in the order it names them. */
    private Set<String> tablesNamed(String buffer) {
        Set<String> named = new LinkedHashSet<>();
        for (String word : SqlLineParser.names(buffer)) {
            for (String table : names.tables()) {
                if (table.equalsIgnoreCase(word)) {
                    named.add(table);
                }
            }
        }
        return named;
    }
}
