package dev.strata.core.quality.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The quality report of one pipeline run: what each dataset let through, what its rules found, how its metrics moved
 * and which rows it quarantined. {@link QualityReports} builds it and renders it as HTML or JSON.
 */
public record QualityReport(
        String pipeline,
        String runId,
        String status,
        Instant startedAt,
        Instant finishedAt,
        Instant generatedAt,
        Summary summary,
        List<DatasetSection> datasets) {

    public QualityReport {
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        requireNonNull(generatedAt, "generatedAt is null");
        requireNonNull(summary, "summary is null");
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    /** Totals over every dataset of the run: rule verdicts, anomalies and rows. */
    public record Summary(
            int rulesPassed,
            int rulesWarned,
            int rulesFailed,
            int anomalies,
            long rowsIn,
            long rowsWritten,
            long rowsQuarantined,
            long rowsDropped) {}
}
