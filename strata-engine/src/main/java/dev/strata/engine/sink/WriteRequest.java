package dev.strata.engine.sink;

import static java.util.Objects.requireNonNull;

import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.WriteSpec;
import java.time.Instant;

/**
 * Where and how one batch is written.
 *
 * @param table the table
 * @param write the dataset's write settings: mode, keys, tracked columns, partitioning, format options
 * @param schemaEvolution what to do when the input's columns differ from the table's
 * @param commit the batch's identity, so that a retry commits nothing twice
 * @param batchTime when the batch was taken; SCD2 versions start at it
 * @param replacement the rows the batch replaces whatever the write mode (a full refresh or a backfill), or null to
 *     write as the mode says
 */
public record WriteRequest(
        TableRef table,
        WriteSpec write,
        SchemaEvolution schemaEvolution,
        CommitId commit,
        Instant batchTime,
        Replacement replacement) {

    public WriteRequest {
        requireNonNull(table, "table is null");
        requireNonNull(write, "write is null");
        requireNonNull(schemaEvolution, "schemaEvolution is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(batchTime, "batchTime is null");
    }

    /** A batch written as the dataset's write mode says. */
    public WriteRequest(
            TableRef table, WriteSpec write, SchemaEvolution schemaEvolution, CommitId commit, Instant batchTime) {
        this(table, write, schemaEvolution, commit, batchTime, null);
    }

    /** The table's {@code layer.name}, for messages. */
    public String name() {
        return table.name().toString();
    }

    public String location() {
        return table.location();
    }
}
