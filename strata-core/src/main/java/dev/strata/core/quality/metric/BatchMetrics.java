package dev.strata.core.quality.metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured values of one batch, by typed key: what crosses from the engine, which measures, to the rules, which
 * judge (Deequ's {@code AnalyzerContext}). Also says which columns the written rows have.
 */
public final class BatchMetrics {
    private final List<MeasuredColumn> columns;
    private final Map<Metric<?>, Object> values;

    private BatchMetrics(List<MeasuredColumn> columns, Map<Metric<?>, Object> values) {
        this.columns = List.copyOf(columns);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value measured for {@code key}; null when it was not measured or the aggregate was NULL. */
    @SuppressWarnings("unchecked")
    public <V> V get(Metric<V> key) {
        return (V) values.get(key);
    }

    /** A count measured for {@code key}; throws when it was not measured, which is a bug in a metric plan. */
    public long count(Metric<Long> key) {
        Long value = get(key);
        if (value == null) {
            throw new IllegalStateException("metric " + key + " was not measured");
        }
        return value;
    }

    /** A number measured for {@code key}, NaN when there was nothing to measure. */
    public double number(Metric<Double> key) {
        Double value = get(key);
        return value == null ? Double.NaN : value;
    }

    /** The columns of the written rows, in schema order. */
    public List<MeasuredColumn> columns() {
        return columns;
    }

    /** These metrics with {@code other}'s added (a batch's two passes, or a pass and a grouping). */
    public BatchMetrics with(BatchMetrics other) {
        Map<Metric<?>, Object> all = new LinkedHashMap<>(values);
        all.putAll(other.values);
        return new BatchMetrics(columns.isEmpty() ? other.columns : columns, all);
    }

    public static Builder builder(List<MeasuredColumn> columns) {
        return new Builder(columns);
    }

    /** Collects values key by key, as a pass reads its aggregation results. */
    public static final class Builder {
        private final List<MeasuredColumn> columns;
        private final Map<Metric<?>, Object> values = new LinkedHashMap<>();

        private Builder(List<MeasuredColumn> columns) {
            this.columns = columns;
        }

        public <V> Builder put(Metric<V> key, V value) {
            values.put(key, value);
            return this;
        }

        public BatchMetrics build() {
            return new BatchMetrics(columns, values);
        }
    }
}
