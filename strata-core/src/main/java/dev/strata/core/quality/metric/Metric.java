package dev.strata.core.quality.metric;

/**
 * A value one pass over a batch measures, typed by its value: Deequ's {@code Analyzer} seen as a key. Keys are records,
 * so two rules that need the same value share one aggregate. The engine knows how to compute each kind of key; a rule
 * reads the value back from {@link BatchMetrics} by the same key.
 *
 * @param <V> the measured value's type
 */
public interface Metric<V> {
    /** The rows a metric is measured over. */
    enum Population {
        /** Every row of the batch, before any is quarantined or dropped: row rules judge these. */
        BATCH,
        /** The rows that are written: whole-batch rules and column metrics describe these. */
        WRITTEN
    }

    Population population();

    /** A metric over every row of the batch. */
    interface OfBatch<V> extends Metric<V> {
        @Override
        default Population population() {
            return Population.BATCH;
        }
    }

    /** A metric over the written rows. */
    interface OfWritten<V> extends Metric<V> {
        @Override
        default Population population() {
            return Population.WRITTEN;
        }
    }
}
