package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import dev.strata.core.run.Reprocessing;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A batch a dataset began to write and has not yet recorded as committed: its inputs are fixed before the first write,
 * so that a retry after a crash writes exactly the same batch, under the same run id, and each table's own exactly-once
 * check skips what was already committed. {@code reprocess} is set when the batch is a full refresh or a backfill,
 * so that its retry writes as that run would have (null for an ordinary batch).
 */
public record PendingBatch(
        String dataset,
        String runId,
        Instant startedAt,
        List<String> files,
        Map<String, List<String>> consumed,
        Reprocessing.Kind reprocess) {

    public PendingBatch {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(startedAt, "startedAt is null");
        files = files == null ? List.of() : List.copyOf(files);
        consumed = consumed == null ? Map.of() : Map.copyOf(consumed);
    }

    /** An ordinary batch. */
    public PendingBatch(
            String dataset, String runId, Instant startedAt, List<String> files, Map<String, List<String>> consumed) {
        this(dataset, runId, startedAt, files, consumed, null);
    }
}
