package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import dev.strata.core.secret.Secrets;
import java.util.List;

/**
 * The outcome of one dataset in one run. Rows are conserved: {@code rowsIn + rowsAdded = rowsWritten +
 * rowsQuarantined + rowsDropped}, where rowsAdded counts rows a join or SQL step created. {@code schemaChanges} lists
 * every change the write applied to the table's schema, and every input column it rescued or ignored. {@code
 * tableVersion} is the table's version after the run's write, as its sink counts versions (the one the ledger records),
 * null when nothing was committed.
 */
public record DatasetResult(
        String dataset,
        RunStatus status,
        long rowsIn,
        long rowsAdded,
        long rowsWritten,
        long rowsQuarantined,
        long rowsDropped,
        List<RuleResult> rules,
        List<String> filesIngested,
        List<String> schemaChanges,
        double seconds,
        String message,
        Long tableVersion) {

    public DatasetResult {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(status, "status is null");
        rules = rules == null ? List.of() : List.copyOf(rules);
        filesIngested = filesIngested == null ? List.of() : List.copyOf(filesIngested);
        schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
        message = Secrets.redact(message);
    }

    /** A result without a table version. */
    public DatasetResult(
            String dataset,
            RunStatus status,
            long rowsIn,
            long rowsAdded,
            long rowsWritten,
            long rowsQuarantined,
            long rowsDropped,
            List<RuleResult> rules,
            List<String> filesIngested,
            List<String> schemaChanges,
            double seconds,
            String message) {
        this(
                dataset,
                status,
                rowsIn,
                rowsAdded,
                rowsWritten,
                rowsQuarantined,
                rowsDropped,
                rules,
                filesIngested,
                schemaChanges,
                seconds,
                message,
                null);
    }

    /** A dataset that was not built, with the reason. */
    public static DatasetResult notBuilt(String dataset, RunStatus status, String message) {
        return new DatasetResult(dataset, status, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(), 0, message);
    }

    /** This result with a remark added to its message. */
    public DatasetResult withNote(String note) {
        return new DatasetResult(
                dataset,
                status,
                rowsIn,
                rowsAdded,
                rowsWritten,
                rowsQuarantined,
                rowsDropped,
                rules,
                filesIngested,
                schemaChanges,
                seconds,
                message == null ? note : message + "; " + note,
                tableVersion);
    }

    /** True when every input row is accounted for. */
    public boolean rowsConserved() {
        return rowsIn + rowsAdded == rowsWritten + rowsQuarantined + rowsDropped;
    }
}
