package dev.strata.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/**
 * The names of a {@link QuerySession}, asked of Spark on first use and kept: the keywords from {@code sql_keywords()},
 * the functions from {@code SHOW FUNCTIONS}, a table's columns from its schema (the reader's masked view, where the
 * role is restricted).
 */
final class SparkSqlNames implements SqlNames {
    private final QuerySession queries;
    private final Map<String, List<String>> columns = new ConcurrentHashMap<>();
    private final Supplier<Set<String>> keywords = memoize(this::loadKeywords);
    private final Supplier<List<String>> functions = memoize(this::loadFunctions);

    SparkSqlNames(QuerySession queries) {
        this.queries = queries;
    }

    /** Asks Spark for every name now, so that the first Tab answers at once (a thread of its own calls it). */
    void load() {
        try {
            keywords();
            functions();
            tables().forEach(this::columns);
        } catch (RuntimeException e) { // the completer asks again, and offers nothing if it fails again
        }
    }

    @Override
    public Set<String> keywords() {
        return keywords.get();
    }

    @Override
    public List<String> functions() {
        return functions.get();
    }

    /** Asked each time: a run may build a table while the shell is open (the catalog answers from memory). */
    @Override
    public List<String> tables() {
        return queries.tableNames().stream().filter(queries::built).toList();
    }

    @Override
    public List<String> columns(String table) {
        return columns.computeIfAbsent(table, this::loadColumns);
    }

    private Set<String> loadKeywords() {
        Set<String> names = new LinkedHashSet<>();
        for (Row row :
                queries.session().sql("SELECT keyword FROM sql_keywords()").collectAsList()) {
            names.add(row.getString(0).toUpperCase(Locale.ROOT));
        }
        return Set.copyOf(names);
    }

    private List<String> loadFunctions() {
        List<String> names = new ArrayList<>();
        for (Row row : queries.session().sql("SHOW FUNCTIONS").collectAsList()) {
            String name = row.getString(0);
            // Operators (`!`, `%`, `==`) are functions to Spark too.
            if (name.matches("[a-z_][a-z0-9_]*")) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private List<String> loadColumns(String table) {
        try {
            return List.of(queries.session().table(table).columns());
        } catch (RuntimeException e) { // not built yet, or unreadable: nothing to offer
            return List.of();
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> load) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = load.get();
                }
                return value;
            }
        };
    }
}
