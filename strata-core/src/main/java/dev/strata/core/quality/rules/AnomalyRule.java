package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.anomaly.AnomalyCheck;
import dev.strata.core.quality.anomaly.AnomalyVerdict;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.Sketch;
import dev.strata.core.quality.metric.Metrics.Stats;
import dev.strata.core.run.RuleResult;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code anomaly}: one of the batch's stored metrics against its history, with one of Deequ's strategies. Judged after
 * every other rule, since it may watch any of their metrics.
 */
public final class AnomalyRule implements RuleKind {
    private static final RuleDescription DESCRIPTION = new RuleDescription(
            RuleType.ANOMALY,
            List.of(
                    "metric",
                    "strategy",
                    "max_increase",
                    "max_decrease",
                    "min",
                    "max",
                    "stddevs",
                    "warmup",
                    "seasonality",
                    "history",
                    "order",
                    "lower_stddevs",
                    "upper_stddevs",
                    "ignore_anomalies",
                    "period",
                    "window"),
            "{rule: anomaly, metric: row_count, strategy: relative_rate_of_change, max_increase: 2.0}",
            "`metric`, `strategy`, strategy fields",
            "see [Anomaly detection](#anomaly-detection)");

    @Override
    public RuleDescription description() {
        return DESCRIPTION;
    }

    /** The column statistics or the distinct count its metric names, so that the batch stores them. */
    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        MetricKey key = MetricKey.parse(rule.metric());
        List<Metric<?>> metrics = new ArrayList<>();
        if (key.subject() != null && MetricKey.COLUMN_METRICS.contains(key.metric())) {
            List<String> columns = List.of(key.subject().split(","));
            columns.forEach(column -> metrics.add(new Stats(column)));
            if (key.metric().equals("distinct_count")) {
                metrics.add(new Sketch(columns, null));
            }
        }
        return metrics;
    }

    @Override
    public Judged judge(RuleSpec rule, BatchMetrics metrics, JudgeContext context) {
        MetricKey key = MetricKey.parse(rule.metric());
        MetricValue current = context.stored().get(key);
        if (current == null) {
            String known = String.join(
                    ", ",
                    context.stored().keySet().stream()
                            .map(MetricKey::toString)
                            .sorted()
                            .toList());
            return new Judged(
                    new RuleResult(
                            rule.displayName(),
                            rule.rule().id(),
                            rule.onFail().id(),
                            1,
                            0,
                            1,
                            RuleKind.breach(rule),
                            rule.displayName() + ": this batch has no metric " + key + " (known: " + known + ")",
                            null,
                            null),
                    List.of());
        }
        if (Double.isNaN(current.value())) {
            return new Judged(
                    new RuleResult(
                            rule.displayName(),
                            rule.rule().id(),
                            rule.onFail().id(),
                            0,
                            0,
                            0,
                            dev.strata.core.run.RuleStatus.PASSED,
                            rule.displayName() + ": nothing to measure (" + key + " has no value in this batch)",
                            null,
                            null),
                    List.of());
        }
        Verdicts.Context run = context.run();
        // A run whose metric had no value (an empty batch) is no point of the series.
        List<MetricPoint> points =
                run.history().history(run.pipeline(), run.dataset(), key, rule.historyOrDefault(), run.runId()).stream()
                        .filter(point -> !Double.isNaN(point.value()))
                        .toList();
        if (rule.window() != null) {
            Instant since = context.now().minus(Durations.parse(rule.window()));
            points =
                    points.stream().filter(p -> !p.recordedAt().isBefore(since)).toList();
        }
        double[] history = points.stream().mapToDouble(MetricPoint::value).toArray();
        boolean[] flagged = new boolean[points.size()];
        for (int i = 0; i < flagged.length; i++) {
            flagged[i] = points.get(i).flaggedBy().contains(rule.displayName());
        }
        AnomalyVerdict verdict = AnomalyCheck.evaluate(rule, key.toString(), history, flagged, current.value());
        // Stored with the value, so that the next runs of this rule can leave it out (ignore_anomalies).
        List<MetricValue> flaggedValue =
                verdict.anomalous() ? List.of(current.flaggedBy(rule.displayName())) : List.of();
        boolean ok = !verdict.anomalous();
        return new Judged(
                new RuleResult(
                        rule.displayName(),
                        rule.rule().id(),
                        rule.onFail().id(),
                        1,
                        ok ? 1 : 0,
                        ok ? 0 : 1,
                        ok ? dev.strata.core.run.RuleStatus.PASSED : RuleKind.breach(rule),
                        verdict.message(),
                        current.value(),
                        verdict.expected()),
                flaggedValue);
    }
}
