package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import dev.strata.core.secret.Secrets;
import java.util.List;

/**
 * A dataset's table as a run left it, for the metadata store (the console's dataset page reads it without Spark):
 * its format, location, version after the run's write (as {@link DatasetResult#tableVersion()}), its columns, and how
 * many of the dataset's rules passed in the run out of all its rules.
 */
public record TableFacts(
        String pipeline,
        String dataset,
        String format,
        String location,
        Long version,
        List<Column> columns,
        int rulesPassed,
        int rulesTotal) {

    /** One column: its name, its type as Spark writes it ({@code int}, {@code decimal(10,2)}), whether it may be NULL. */
    public record Column(String name, String type, boolean nullable) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    public TableFacts {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(format, "format is null");
        location = Secrets.redact(requireNonNull(location, "location is null"));
        columns = List.copyOf(columns);
    }

    /** The rules of a dataset's result that passed: status {@link RuleStatus#PASSED}. */
    public static int passed(List<RuleResult> rules) {
        return (int) rules.stream().filter(r -> r.status() == RuleStatus.PASSED).count();
    }
}
