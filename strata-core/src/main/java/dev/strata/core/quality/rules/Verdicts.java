package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.MeasuredColumn;
import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.quality.metric.Metrics.ColumnStats;
import dev.strata.core.quality.metric.Metrics.NonNull;
import dev.strata.core.quality.metric.Metrics.Rows;
import dev.strata.core.quality.metric.Metrics.Sketch;
import dev.strata.core.quality.metric.Metrics.Sketched;
import dev.strata.core.quality.metric.Metrics.Stats;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a batch's rules from its measured metrics, and lists every metric the run stores. Pure computation over the
 * numbers a pass produced, plus the metric history for anomaly rules and row count changes: each rule's {@link
 * RuleKind} gives its own verdict.
 */
public final class Verdicts {
    /** Where a batch's verdicts are recorded and its history read. */
    public record Context(MetricHistory history, String pipeline, String dataset, String runId, Instant now) {}

    /** The row counts of a batch after its rules ran. */
    public record Counts(long rowsIn, long written, long quarantined, long dropped) {}

    /** A batch's rule results and the metrics to store. */
    public record Verdict(List<RuleResult> rules, List<MetricValue> metrics) {}

    private Verdicts() {}

    public static Verdict judge(List<RuleSpec> rules, BatchMetrics metrics, Counts counts, Context context) {
        return judge(rules, metrics, counts, context, true);
    }

    /**
     * Judges a batch's rules, leaving out its anomaly rules when {@code anomalies} is false: a stream's micro-batch,
     * whose anomaly rules are judged once on the run's combined metrics ({@link #judgeAnomalies}), since its history
     * holds one point per run.
     */
    public static Verdict judge(
            List<RuleSpec> rules, BatchMetrics metrics, Counts counts, Context context, boolean anomalies) {
        Map<MetricKey, MetricValue> stored = new LinkedHashMap<>();
        put(stored, MetricValue.of(MetricKey.of("row_count"), counts.written()));
        put(stored, MetricValue.of(MetricKey.of("rows_in"), counts.rowsIn()));
        put(stored, MetricValue.of(MetricKey.of("rows_quarantined"), counts.quarantined()));
        put(stored, MetricValue.of(MetricKey.of("rows_dropped"), counts.dropped()));
        columnMetrics(metrics).forEach(m -> put(stored, m));
        for (Sketch sketch : new MetricPlan(rules).distinctCounts()) {
            Sketched sketched = metrics.get(sketch);
            put(
                    stored,
                    new MetricValue(
                            MetricKey.of("distinct_count", sketch.columns()),
                            "",
                            sketched == null ? 0 : sketched.estimate(),
                            sketched == null ? Map.of() : Map.of("hll", sketched.sketch())));
        }
        JudgeContext judging = new JudgeContext(context, stored);
        List<RuleResult> results = new ArrayList<>();
        // Row rules first, then whole-batch rules; anomaly rules last, since they may watch any metric above.
        for (int pass = 0; pass < (anomalies ? 3 : 2); pass++) {
            for (RuleSpec rule : rules) {
                if (pass(rule) == pass) {
                    RuleKind.Judged judged = RuleKinds.of(rule.rule()).judge(rule, metrics, judging);
                    results.add(judged.result());
                    judged.metrics().forEach(m -> put(stored, m));
                }
            }
        }
        return new Verdict(orderLike(rules, results), List.copyOf(stored.values()));
    }

    /**
     * The anomaly rules of a run whose metrics were combined from several micro-batches, judged on the combined
     * metrics: the results of all {@code rules} (the others' from {@code judged}) in declared order, and the metrics to
     * store with the anomalies flagged. A metric that does not combine ({@code uncombined}) is not judged: its rule
     * warns and says why.
     */
    public static Verdict judgeAnomalies(
            List<RuleSpec> rules,
            List<RuleResult> judged,
            List<MetricValue> metrics,
            Set<MetricKey> uncombined,
            int batches,
            Context context) {
        Map<MetricKey, MetricValue> stored = new LinkedHashMap<>();
        metrics.forEach(m -> put(stored, m));
        JudgeContext judging = new JudgeContext(context, stored);
        List<RuleResult> results = new ArrayList<>(judged);
        for (RuleSpec rule : rules) {
            if (rule.rule() != RuleType.ANOMALY) {
                continue;
            }
            MetricKey key = MetricKey.parse(rule.metric());
            if (!stored.containsKey(key) && uncombined.contains(key)) {
                results.add(new RuleResult(
                        rule.displayName(),
                        rule.rule().id(),
                        rule.onFail().id(),
                        0,
                        0,
                        0,
                        RuleStatus.WARNED,
                        rule.displayName() + ": not judged: " + key + " holds within one micro-batch and does not"
                                + " combine over this run's " + batches + "; on a stream, watch a metric that"
                                + " combines (counts, completeness, sum, min, max, mean, stddev, distinct_count)",
                        null,
                        null));
                continue;
            }
            RuleKind.Judged verdict = RuleKinds.of(rule.rule())
                    .judge(rule, BatchMetrics.builder(List.of()).build(), judging);
            results.add(verdict.result());
            verdict.metrics().forEach(m -> put(stored, m));
        }
        return new Verdict(orderLike(rules, results), List.copyOf(stored.values()));
    }

    private static int pass(RuleSpec rule) {
        return rule.rule().judgesRows() ? 0 : rule.rule() == RuleType.ANOMALY ? 2 : 1;
    }

    private static void put(Map<MetricKey, MetricValue> metrics, MetricValue value) {
        metrics.put(value.key(), value);
    }

    /** The results in the order the rules are declared. */
    private static List<RuleResult> orderLike(List<RuleSpec> rules, List<RuleResult> results) {
        Map<String, RuleResult> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.name(), r));
        List<RuleResult> ordered = new ArrayList<>();
        for (RuleSpec rule : rules) {
            RuleResult result = byName.remove(rule.displayName());
            if (result != null) {
                ordered.add(result);
            }
        }
        ordered.addAll(byName.values());
        return ordered;
    }

    /** The metric values every run stores for the written rows' columns. */
    static List<MetricValue> columnMetrics(BatchMetrics metrics) {
        List<MetricValue> values = new ArrayList<>();
        long rows = metrics.count(new Rows(Population.WRITTEN));
        for (MeasuredColumn column : MetricPlan.measured(metrics.columns())) {
            String name = column.name();
            long nonNull = metrics.count(new NonNull(name));
            values.add(new MetricValue(
                    MetricKey.of("completeness", name),
                    "",
                    rows == 0 ? Double.NaN : (double) nonNull / rows,
                    Map.of("count", nonNull, "rows", rows)));
            values.add(MetricValue.of(MetricKey.of("null_count", name), rows - nonNull));
            ColumnStats stats = metrics.get(new Stats(name));
            if (stats == null || nonNull == 0) {
                continue;
            }
            if (column.kind().numeric()) {
                double mean = stats.sum() / nonNull;
                double m2 = stats.stddev() * stats.stddev() * nonNull;
                Map<String, Object> moments = Map.of("n", nonNull, "mean", mean, "m2", m2);
                values.add(MetricValue.of(MetricKey.of("sum", name), stats.sum()));
                values.add(MetricValue.of(MetricKey.of("min", name), stats.min()));
                values.add(MetricValue.of(MetricKey.of("max", name), stats.max()));
                values.add(new MetricValue(MetricKey.of("mean", name), "", mean, moments));
                values.add(new MetricValue(MetricKey.of("stddev", name), "", stats.stddev(), moments));
            } else {
                values.add(MetricValue.of(MetricKey.of("min", name), stats.min()));
                values.add(MetricValue.of(MetricKey.of("max", name), stats.max()));
            }
        }
        return values;
    }
}
