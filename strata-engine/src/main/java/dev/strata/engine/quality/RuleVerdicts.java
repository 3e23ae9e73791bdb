package dev.strata.engine.quality;

import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.Threshold;
import dev.strata.core.quality.anomaly.AnomalyCheck;
import dev.strata.core.quality.anomaly.AnomalyVerdict;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.spark.sql.types.StructField;

/**
 * Judges a batch's rules from its measured metrics, and lists every metric the run stores. Pure computation over the
 * numbers a pass produced, plus the metric history for anomaly rules and row count changes.
 */
public final class RuleVerdicts {
    /** Where a batch's verdicts are recorded and its history read. */
    public record Context(MetricHistory history, String pipeline, String dataset, String runId, Instant now) {}

    /** The row counts of a batch after its rules ran. */
    public record Counts(long rowsIn, long written, long quarantined, long dropped) {}

    /** A batch's rule results and the metrics to store. */
    public record Verdict(List<RuleResult> rules, List<MetricValue> metrics) {}

    private RuleVerdicts() {}

    /**
     * @param batch the values of {@link BatchQuality#batchMetrics()}
     * @param written the values of {@link BatchQuality#writtenMetrics}, over the columns {@code fields}
     */
    public static Verdict judge(
            BatchQuality quality,
            Map<String, Object> batch,
            Map<String, Object> written,
            StructField[] fields,
            Counts counts,
            Context context) {
        Map<MetricKey, MetricValue> metrics = new LinkedHashMap<>();
        put(metrics, MetricValue.of(MetricKey.of("row_count"), counts.written()));
        put(metrics, MetricValue.of(MetricKey.of("rows_in"), counts.rowsIn()));
        put(metrics, MetricValue.of(MetricKey.of("rows_quarantined"), counts.quarantined()));
        put(metrics, MetricValue.of(MetricKey.of("rows_dropped"), counts.dropped()));
        BatchQuality.columnMetrics(fields, written).forEach(m -> put(metrics, m));
        for (List<String> columns : quality.distinctCountSubjects()) {
            byte[] sketch = (byte[]) written.get("hll_" + String.join(",", columns));
            put(
                    metrics,
                    new MetricValue(
                            MetricKey.of("distinct_count", columns),
                            "",
                            estimate(sketch),
                            sketch == null
                                    ? Map.of()
                                    : Map.of("hll", Base64.getEncoder().encodeToString(sketch))));
        }

        List<RuleResult> results = new ArrayList<>();
        List<RuleSpec> rowRules = quality.rowRules();
        for (int i = 0; i < rowRules.size(); i++) {
            RuleSpec rule = rowRules.get(i);
            long failed = quality.failed(batch, i);
            long checked = quality.checked(batch, i);
            RuleResult result = judgeRows(rule, checked, failed);
            results.add(result);
            put(metrics, MetricValue.of(MetricKey.of("pass_rate", rule.displayName()), result.passFraction()));
            put(metrics, MetricValue.of(MetricKey.of("failed_count", rule.displayName()), failed));
            if (rule.rule() == RuleType.UNIQUE) {
                BatchQuality.KeyCounts keys = quality.keyCounts(batch, i);
                List<String> columns = rule.targetColumns();
                put(metrics, MetricValue.of(MetricKey.of("uniqueness", columns), fraction(keys.once(), keys.keyed())));
                put(
                        metrics,
                        MetricValue.of(MetricKey.of("distinctness", columns), fraction(keys.distinct(), keys.keyed())));
            }
        }
        List<RuleSpec> all = quality.rules();
        List<Integer> anomalies = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            RuleSpec rule = all.get(i);
            if (rule.rule().judgesRows()) {
                continue;
            }
            if (rule.rule() == RuleType.ANOMALY) {
                anomalies.add(i);
                continue;
            }
            double value = measured(rule, written.get("rule_" + i), metrics, context);
            RuleResult result = rule.rule() == RuleType.ROW_COUNT
                    ? judgeRowCount(rule, value, context)
                    : judgeValue(rule, value, bounds(rule), passes(rule, value));
            results.add(result);
            put(metrics, MetricValue.of(MetricKey.of("value", rule.displayName()), value));
        }
        // Anomaly rules last: they may watch any metric above.
        for (int i : anomalies) {
            results.add(judgeAnomaly(all.get(i), metrics, context));
        }
        return new Verdict(orderLike(all, results), List.copyOf(metrics.values()));
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

    private static double fraction(long part, long whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }

    private static double estimate(byte[] sketch) {
        return sketch == null
                ? 0
                : Math.round(HllSketch.heapify(Memory.wrap(sketch)).getEstimate());
    }

    /** What a whole-batch rule measured: its own aggregate, or the column metric it names. */
    private static double measured(RuleSpec rule, Object own, Map<MetricKey, MetricValue> metrics, Context context) {
        return switch (rule.rule()) {
            case ROW_COUNT -> metrics.get(MetricKey.of("row_count")).value();
            case FRESHNESS ->
                own == null ? Double.NaN : context.now().toEpochMilli() / 1000.0 - TimeValues.epochSeconds(own);
            case AGGREGATE -> own == null ? Double.NaN : ((Number) own).doubleValue();
            case DISTINCT_COUNT ->
                rule.where() == null
                        ? metrics.get(MetricKey.of("distinct_count", rule.targetColumns()))
                                .value()
                        : estimate((byte[]) own);
            default -> {
                if (rule.where() != null) {
                    yield own == null ? Double.NaN : ((Number) own).doubleValue();
                }
                MetricValue value = metrics.get(MetricKey.of(rule.rule().id(), rule.column()));
                yield value == null ? Double.NaN : value.value();
            }
        };
    }

    /** Judges a rule that singles out rows: by {@code mostly}, {@code warn_if} and {@code error_if}. */
    static RuleResult judgeRows(RuleSpec rule, long checked, long failed) {
        long passed = checked - failed;
        double fraction = fraction(passed, checked);
        boolean thresholds = rule.warnIf() != null || rule.errorIf() != null;
        boolean belowMostly = (rule.mostly() != null || !thresholds) && fraction < rule.requiredPassFraction();
        boolean error =
                rule.errorIf() != null && Threshold.parse(rule.errorIf()).test(failed, checked);
        boolean warn = rule.warnIf() != null && Threshold.parse(rule.warnIf()).test(failed, checked);
        RuleStatus status = belowMostly || error ? breach(rule) : warn ? RuleStatus.WARNED : RuleStatus.PASSED;
        String message = null;
        if (failed > 0) {
            String handled = switch (rule.onFail()) {
                case QUARANTINE -> " and were quarantined";
                case DROP -> " and were dropped";
                default -> "";
            };
            String verdict;
            if (error) {
                verdict = "error_if " + Threshold.parse(rule.errorIf());
            } else if (warn) {
                verdict = "warn_if " + Threshold.parse(rule.warnIf());
            } else if (thresholds && rule.mostly() == null) {
                verdict = "within its thresholds";
            } else {
                verdict = (belowMostly ? "needs " : "mostly ") + percent(rule.requiredPassFraction()) + "%";
            }
            message = String.format(
                    Locale.ROOT,
                    "%s: %d of %d rows broke it%s (%.1f%% passed, %s)",
                    rule.displayName(),
                    failed,
                    checked,
                    handled,
                    fraction * 100,
                    verdict);
        }
        return new RuleResult(
                rule.displayName(),
                rule.rule().id(),
                rule.onFail().id(),
                checked,
                passed,
                failed,
                status,
                message,
                null,
                null);
    }

    private static RuleResult judgeRowCount(RuleSpec rule, double rows, Context context) {
        boolean ok = withinBounds(rule, rows);
        String expected = bounds(rule);
        if (rule.maxChangePct() != null) {
            List<MetricPoint> previous = context.history()
                    .history(context.pipeline(), context.dataset(), MetricKey.of("row_count"), 1, context.runId());
            String change = "change <= " + format(rule.maxChangePct()) + "% of the previous run";
            if (!previous.isEmpty()) {
                double before = previous.get(0).value();
                double changePct = before == 0
                        ? (rows == 0 ? 0 : Double.POSITIVE_INFINITY)
                        : Math.abs(rows - before) / before * 100;
                ok = ok && changePct <= rule.maxChangePct();
                change = "within " + format(rule.maxChangePct()) + "% of the previous run's " + format(before)
                        + " (" + format(before * (1 - rule.maxChangePct() / 100)) + " .. "
                        + format(before * (1 + rule.maxChangePct() / 100)) + ")";
            }
            expected = expected.isEmpty() ? change : expected + ", " + change;
        }
        return judgeValue(rule, rows, expected, ok);
    }

    private static RuleResult judgeValue(RuleSpec rule, double value, String expected, boolean ok) {
        String message;
        if (Double.isNaN(value)) {
            ok = false;
            message = rule.displayName() + ": nothing to measure (no rows"
                    + (rule.column() != null ? ", or " + rule.column() + " is not a number or is always NULL" : "")
                    + ")";
        } else {
            message = ok ? null : rule.displayName() + ": " + describe(rule, value) + ", expected " + expected;
        }
        return new RuleResult(
                rule.displayName(),
                rule.rule().id(),
                rule.onFail().id(),
                1,
                ok ? 1 : 0,
                ok ? 0 : 1,
                ok ? RuleStatus.PASSED : breach(rule),
                message,
                Double.isNaN(value) ? null : value,
                expected);
    }

    private static RuleResult judgeAnomaly(RuleSpec rule, Map<MetricKey, MetricValue> metrics, Context context) {
        MetricKey key = MetricKey.parse(rule.metric());
        MetricValue current = metrics.get(key);
        if (current == null) {
            return new RuleResult(
                    rule.displayName(),
                    rule.rule().id(),
                    rule.onFail().id(),
                    1,
                    0,
                    1,
                    breach(rule),
                    rule.displayName() + ": this batch has no metric " + key + " (known: "
                            + String.join(
                                    ", ",
                                    metrics.keySet().stream()
                                            .map(MetricKey::toString)
                                            .sorted()
                                            .toList())
                            + ")",
                    null,
                    null);
        }
        double[] history = context
                .history()
                .history(context.pipeline(), context.dataset(), key, rule.historyOrDefault(), context.runId())
                .stream()
                .mapToDouble(MetricPoint::value)
                .toArray();
        AnomalyVerdict verdict = AnomalyCheck.evaluate(rule, key.toString(), history, current.value());
        boolean ok = !verdict.anomalous();
        return new RuleResult(
                rule.displayName(),
                rule.rule().id(),
                rule.onFail().id(),
                1,
                ok ? 1 : 0,
                ok ? 0 : 1,
                ok ? RuleStatus.PASSED : breach(rule),
                verdict.message(),
                current.value(),
                verdict.expected());
    }

    private static RuleStatus breach(RuleSpec rule) {
        return rule.onFail() == OnFail.FAIL ? RuleStatus.FAILED : RuleStatus.WARNED;
    }

    private static boolean passes(RuleSpec rule, double value) {
        return rule.rule() == RuleType.FRESHNESS
                ? value <= Durations.parse(rule.maxAge()).toSeconds()
                : withinBounds(rule, value);
    }

    private static boolean withinBounds(RuleSpec rule, double value) {
        BigDecimal min = rule.min();
        BigDecimal max = rule.max();
        return (min == null || value >= min.doubleValue()) && (max == null || value <= max.doubleValue());
    }

    /** The allowed range in words: {@code >= 1}, {@code <= 100}, {@code 0 .. 100}, {@code <= 24h}. */
    private static String bounds(RuleSpec rule) {
        if (rule.rule() == RuleType.FRESHNESS) {
            return "newest value at most " + rule.maxAge() + " old";
        }
        BigDecimal min = rule.min();
        BigDecimal max = rule.max();
        if (min != null && max != null) {
            return min.toPlainString() + " .. " + max.toPlainString();
        }
        if (min != null) {
            return ">= " + min.toPlainString();
        }
        return max == null ? "" : "<= " + max.toPlainString();
    }

    private static String describe(RuleSpec rule, double value) {
        return switch (rule.rule()) {
            case ROW_COUNT -> format(value) + " rows written";
            case FRESHNESS -> "newest value is " + age(value) + " old";
            default -> "measured " + format(value);
        };
    }

    private static String age(double seconds) {
        long whole = Math.round(seconds);
        if (whole >= 86_400) {
            return String.format(Locale.ROOT, "%.1fd", whole / 86_400.0);
        }
        if (whole >= 3_600) {
            return String.format(Locale.ROOT, "%.1fh", whole / 3_600.0);
        }
        return whole + "s";
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction * 100)
                .setScale(1, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
