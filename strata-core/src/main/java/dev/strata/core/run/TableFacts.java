package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import dev.strata.core.secret.Secrets;
import java.util.List;

/**
 * A dataset's table as a run left it, for the metadata store (the console's dataset page reads it without Spark):
 * its format, location, version after the run's write (as {@link DatasetResult#tableVersion()}) and its columns. (How
 * many of its rules passed is the dataset's outcome's: {@link RuleResult#passed}.)
 */
public record TableFacts(
        String pipeline, String dataset, String format, String location, Long version, List<Column> columns) {

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
}
