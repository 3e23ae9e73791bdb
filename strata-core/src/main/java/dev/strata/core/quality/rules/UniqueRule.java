package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.KeyedRows;
import dev.strata.core.quality.metric.Metrics.RepeatedKeys;
import dev.strata.core.quality.metric.Metrics.Repeats;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * {@code unique}: every row of a key seen more than once fails. Its failures come from a grouping of the key columns
 * ({@link RepeatedKeys}), not from a flag column; with the keyed rows it also gives Deequ's uniqueness (keys seen once
 * over keyed rows) and distinctness (distinct keys over keyed rows).
 */
public final class UniqueRule extends RowRuleKind {
    public UniqueRule() {
        super(
                RuleType.UNIQUE,
                List.of("column", "columns"),
                "{rule: unique, columns: [order_id]}",
                "`column` or `columns`",
                "its key appears more than once in the batch. Keys compare with NULL as a value, as Deequ's grouping"
                        + " does; a row whose key is NULL in every column is not checked (out of the checked rows and"
                        + " of uniqueness). Every row of a repeated key fails.");
    }

    @Override
    public List<Metric<?>> metrics(RuleSpec rule) {
        return List.of(keyed(rule), repeated(rule));
    }

    public static KeyedRows keyed(RuleSpec rule) {
        return new KeyedRows(rule.targetColumns(), rule.where());
    }

    public static RepeatedKeys repeated(RuleSpec rule) {
        return new RepeatedKeys(rule.targetColumns(), rule.where());
    }

    /** The keyed rows: a row whose key is NULL in every column is not checked, as Deequ leaves it out. */
    @Override
    protected long checkedCount(RuleSpec rule, BatchMetrics metrics) {
        return metrics.count(keyed(rule));
    }

    @Override
    protected long failed(RuleSpec rule, BatchMetrics metrics) {
        return metrics.get(repeated(rule)).rows();
    }

    @Override
    protected List<MetricValue> moreMetrics(RuleSpec rule, BatchMetrics metrics) {
        long keyed = metrics.count(keyed(rule));
        Repeats repeats = metrics.get(repeated(rule));
        long once = keyed - repeats.rows();
        List<String> columns = rule.targetColumns();
        return List.of(
                MetricValue.of(MetricKey.of("uniqueness", columns), ratio(once, keyed)),
                MetricValue.of(MetricKey.of("distinctness", columns), ratio(once + repeats.keys(), keyed)));
    }
}
