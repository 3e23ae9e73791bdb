package dev.strata.engine.quality;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.KeyedRows;
import dev.strata.core.quality.metric.Metrics.RepeatedKeys;
import dev.strata.core.quality.metric.Metrics.Repeats;
import dev.strata.core.quality.rules.FrequencyRule;
import dev.strata.core.quality.rules.FrequencyRule.Frequencies;
import dev.strata.core.quality.rules.FrequencyRule.Frequency;
import dev.strata.core.quality.rules.MetricPlan;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The metrics of a batch that no pass measures: the repeated keys of unique rules, and the metrics that group the
 * written rows (entropy, uniqueness, …), each one grouping of its own unless a unique rule's grouping already answers it.
 */
final class GroupedMetrics {
    private final MetricPlan plan;
    private final RowFlags flags;
    private final boolean splits;
    private final UnaryOperator<Dataset<Row>> valid;

    /**
     * @param splits whether rows are split off the batch (some rule quarantines or drops)
     * @param valid the written rows of a flagged batch
     */
    GroupedMetrics(MetricPlan plan, RowFlags flags, boolean splits, UnaryOperator<Dataset<Row>> valid) {
        this.plan = plan;
        this.flags = flags;
        this.splits = splits;
        this.valid = valid;
    }

    /** Adds what no pass measures: the repeated keys of unique rules, and the metrics that group the written rows. */
    BatchMetrics finish(Dataset<Row> flagged, BatchMetrics.Builder metrics) {
        flags.repeats().forEach(metrics::put);
        BatchMetrics measured = metrics.build();
        BatchMetrics.Builder grouped = BatchMetrics.builder(measured.columns());
        for (Metric<?> metric : plan.written(List.of())) {
            if (metric instanceof Frequencies frequencies && sharedWithUnique(frequencies, measured, grouped)) {
                continue;
            }
            group(metric, flagged, grouped);
        }
        return measured.with(grouped.build());
    }

    /**
     * A unique rule on the same columns grouped them already: when every row is written, its keyed rows and repeated
     * keys are the frequencies of the written rows, and the grouping is not run again.
     */
    private boolean sharedWithUnique(Frequencies metric, BatchMetrics measured, BatchMetrics.Builder grouped) {
        Repeats repeats = measured.get(new RepeatedKeys(metric.columns(), metric.where()));
        Long keyed = measured.get(new KeyedRows(metric.columns(), metric.where()));
        Frequency shared =
                splits || repeats == null || keyed == null ? null : FrequencyRule.fromRepeats(keyed, repeats);
        if (shared != null) {
            grouped.put(metric, shared);
        }
        return shared != null;
    }

    private <V> void group(Metric<V> metric, Dataset<Row> flagged, BatchMetrics.Builder metrics) {
        GroupingAnalyzer<Metric<V>, V> analyzer = Analyzers.grouping(metric);
        if (analyzer != null) {
            metrics.put(metric, analyzer.measure(metric, valid.apply(flagged)));
        }
    }
}
