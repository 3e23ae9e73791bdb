package dev.strata.core.quality.rules;

import dev.strata.core.quality.metric.MeasuredColumn;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.quality.metric.Metrics.Flagged;
import dev.strata.core.quality.metric.Metrics.NonNull;
import dev.strata.core.quality.metric.Metrics.Rows;
import dev.strata.core.quality.metric.Metrics.Sketch;
import dev.strata.core.quality.metric.Metrics.Stats;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metrics a dataset's rules need, as typed keys: what the engine measures for each batch. Besides the rules' own,
 * every batch counts its rows and flags, and every written column its non-NULL values; the columns a rule names get
 * their statistics too, so the checks stay cheap on wide tables.
 */
public final class MetricPlan {
    /** Columns Strata adds whose values say nothing about the data: one value per batch. */
    private static final Set<String> UNMEASURED = Set.of("_run_id", "_source_file", "_ingested_at");

    private final Set<Metric<?>> ruleMetrics = new LinkedHashSet<>();
    private final Set<String> described = new LinkedHashSet<>();

    public MetricPlan(List<RuleSpec> rules) {
        for (RuleSpec rule : rules) {
            described.addAll(rule.targetColumns());
            for (Metric<?> metric : RuleKinds.of(rule.rule()).metrics(rule)) {
                if (metric instanceof Stats stats) {
                    described.add(stats.column());
                } else {
                    ruleMetrics.add(metric);
                }
            }
        }
    }

    /** The metrics over every row of the batch: rows, quarantined, dropped, and what the row rules need. */
    public List<Metric<?>> batch() {
        Set<Metric<?>> metrics = new LinkedHashSet<>();
        metrics.add(new Rows(Population.BATCH));
        metrics.add(new Flagged(OnFail.QUARANTINE));
        metrics.add(new Flagged(OnFail.DROP));
        ruleMetrics.stream().filter(m -> m.population() == Population.BATCH).forEach(metrics::add);
        return List.copyOf(metrics);
    }

    /**
     * The metrics over the written rows, whose columns are {@code columns}: rows; per column its non-NULL values, and
     * the statistics of the columns rules name; then the distinct count sketches and the rules' own aggregates.
     */
    public List<Metric<?>> written(List<MeasuredColumn> columns) {
        Set<Metric<?>> metrics = new LinkedHashSet<>();
        metrics.add(new Rows(Population.WRITTEN));
        for (MeasuredColumn column : measured(columns)) {
            metrics.add(new NonNull(column.name()));
            if (described.contains(column.name()) && column.hasStatistics()) {
                metrics.add(new Stats(column.name()));
            }
        }
        metrics.addAll(distinctCounts());
        ruleMetrics.stream().filter(m -> m.population() == Population.WRITTEN).forEach(metrics::add);
        return List.copyOf(metrics);
    }

    /** The sketches whose distinct counts every batch stores: those over every written row. */
    public List<Sketch> distinctCounts() {
        List<Sketch> sketches = new ArrayList<>();
        for (Metric<?> metric : ruleMetrics) {
            if (metric instanceof Sketch sketch && sketch.where() == null) {
                sketches.add(sketch);
            }
        }
        return sketches;
    }

    /** The columns whose metrics are kept: all but Strata's own per-batch columns. */
    public static List<MeasuredColumn> measured(List<MeasuredColumn> columns) {
        return columns.stream().filter(c -> !UNMEASURED.contains(c.name())).toList();
    }
}
