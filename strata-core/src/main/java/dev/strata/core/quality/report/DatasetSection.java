package dev.strata.core.quality.report;

import static java.util.Objects.requireNonNull;

import dev.strata.core.run.RuleResult;
import java.util.List;

/**
 * One dataset in a {@link QualityReport}, as the run {@code runId} built it: its row counts, its rules' results, its
 * metric trends, a sample of its quarantined rows ({@code null} when it quarantined nothing) and the messages of its
 * anomalous metrics.
 */
public record DatasetSection(
        String dataset,
        String runId,
        String status,
        long rowsIn,
        long rowsWritten,
        long rowsQuarantined,
        long rowsDropped,
        String message,
        List<RuleResult> rules,
        List<MetricTrend> trends,
        QuarantineSample quarantine,
        List<String> anomalies) {

    public DatasetSection {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        rules = rules == null ? List.of() : List.copyOf(rules);
        trends = trends == null ? List.of() : List.copyOf(trends);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }
}
