package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One dataset's committed batch in one run: the files it ingested, the upstream runs it consumed and its row counts.
 */
public record LedgerEntry(
        String dataset,
        String runId,
        Instant committedAt,
        List<String> files,
        Map<String, List<String>> consumed,
        long rowsIn,
        long rowsWritten,
        long rowsQuarantined,
        long rowsDropped,
        long tableVersion) {

    public LedgerEntry {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(runId, "runId is null");
        files = files == null ? List.of() : List.copyOf(files);
        consumed = consumed == null ? Map.of() : Map.copyOf(consumed);
    }
}
