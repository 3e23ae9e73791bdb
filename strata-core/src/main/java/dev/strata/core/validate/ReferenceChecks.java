package dev.strata.core.validate;

import dev.strata.core.plan.Planner;
import dev.strata.core.plan.SqlReferences;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Problem.Severity;
import dev.strata.core.spec.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that a name in one section refers to something another section declares: a dataset's {@code from:}, the
 * tables an SQL text reads, and a rule's {@code references:}. A misspelt name gets a "did you mean".
 */
final class ReferenceChecks {
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final CheckContext context;
    private final Problems problems;

    ReferenceChecks(CheckContext context) {
        this.context = context;
        this.problems = context.problems();
    }

    /** Whether {@code name} is a declared dataset, written in full or by its name alone. */
    boolean isDataset(String name) {
        return DatasetName.tryParse(name)
                .flatMap(dataset -> Planner.resolve(dataset, context.declared()))
                .isPresent();
    }

    /** Whether {@code name} is declared under {@code sources:}. */
    boolean isSource(String name) {
        return context.sourceNames().contains(name);
    }

    /** The hint for an undefined dataset: the closest declared one, or where to declare it. */
    String datasetHint(String name) {
        return Suggestions.didYouMean(
                        name,
                        context.declared().stream().map(DatasetName::toString).toList(),
                        false)
                .orElse("declare it under datasets:");
    }

    /** A dataset's {@code from:} names a source or a dataset. */
    void checkFrom(YamlPath path, String from) {
        if (!isDataset(from) && !isSource(from)) {
            List<String> candidates = new ArrayList<>(context.sourceNames());
            context.declared().forEach(name -> candidates.add(name.toString()));
            problems.error(
                    path,
                    "'" + from + "' is not a source or dataset",
                    Suggestions.didYouMean(from, candidates, true).orElse("declare it under sources: or datasets:"));
        }
    }

    /** Every table an SQL text reads is a declared dataset; each undefined one is reported once, where it is written. */
    void checkSql(YamlPath path, String sql) {
        Set<DatasetName> reported = new LinkedHashSet<>();
        for (SqlReferences.Occurrence reference : SqlReferences.find(sql, context.layers())) {
            DatasetName name = reference.name();
            if (Planner.resolve(name, context.declared()).isEmpty() && reported.add(name)) {
                problems.add(
                        path,
                        problems.map().insideValue(path, sql, reference.offset()),
                        "references " + name + ", which is not defined",
                        datasetHint(name.toString()),
                        Severity.ERROR);
            }
        }
    }

    /** A rule's {@code references:} is {@code layer.name.column} of a declared dataset. */
    void checkColumn(YamlPath path, String reference) {
        int dot = reference.lastIndexOf('.');
        Optional<DatasetName> table = dot < 0 ? Optional.empty() : DatasetName.tryParse(reference.substring(0, dot));
        if (table.isEmpty() || !COLUMN.matcher(reference.substring(dot + 1)).matches()) {
            problems.error(
                    path,
                    "expected layer.name.column, got '" + reference + "'",
                    "e.g. references: silver.customers.customer_id");
        } else if (Planner.resolve(table.get(), context.declared()).isEmpty()) {
            problems.error(
                    path,
                    "references " + table.get() + ", which is not defined",
                    datasetHint(table.get().toString()));
        }
    }
}
