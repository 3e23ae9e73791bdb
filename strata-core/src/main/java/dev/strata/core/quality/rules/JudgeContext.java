package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import java.time.Instant;
import java.util.Map;

/**
 * What a rule may read besides its metrics: the batch's metrics as stored so far (an anomaly rule watches any of them),
 * the metric history of earlier runs, and the time the batch is judged at.
 */
public record JudgeContext(Verdicts.Context run, Map<MetricKey, MetricValue> stored) {
    public MetricHistory history() {
        return run.history();
    }

    public Instant now() {
        return run.now();
    }
}
