package dev.strata.core.quality;

import static java.util.Objects.requireNonNull;

import dev.strata.core.run.RuleResult;
import java.time.Instant;
import java.util.List;

/**
 * Everything one run measured on one dataset's batch: its metrics and its rules' outcomes. A run records it once per
 * dataset; recording it again for the same run replaces it, so a retried run never counts twice.
 */
public record DatasetMetrics(
        String pipeline,
        String dataset,
        String runId,
        Instant recordedAt,
        List<MetricValue> metrics,
        List<RuleResult> rules) {
    public DatasetMetrics {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(recordedAt, "recordedAt is null");
        metrics = List.copyOf(metrics);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
