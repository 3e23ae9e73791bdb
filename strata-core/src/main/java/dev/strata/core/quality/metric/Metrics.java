package dev.strata.core.quality.metric;

import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import java.util.List;

/**
 * The metric keys the built-in rules share, and the values that are more than a number. A rule kind with a metric of
 * its own declares its key beside itself (see {@code EntropyRule}).
 */
public final class Metrics {
    private Metrics() {}

    /** Rows of the population: read ({@code BATCH}) or written ({@code WRITTEN}). */
    public record Rows(Population population) implements Metric<Long> {}

    /** Rows of the batch a rule with this action singles out: {@code QUARANTINE} or {@code DROP}. */
    public record Flagged(OnFail action) implements Metric.OfBatch<Long> {}

    /** Rows of the batch that break a row rule: the rule's flag column counted. */
    public record FailedRows(RuleSpec rule) implements Metric.OfBatch<Long> {}

    /** Rows of the batch a {@code where} condition selects. */
    public record CheckedRows(String where) implements Metric.OfBatch<Long> {}

    /** Rows of the batch {@code where} selects with at least one of the key columns set. */
    public record KeyedRows(List<String> columns, String where) implements Metric.OfBatch<Long> {}

    /** The keys seen more than once among the keyed rows: measured by a grouping of their own, not in the pass. */
    public record RepeatedKeys(List<String> columns, String where) implements Metric.OfBatch<Repeats> {}

    /**
     * What {@link RepeatedKeys} found: the rows whose key repeats, how many such keys, and {@code Σ c·ln c} over their
     * counts {@code c} (NaN when not measured), which with the keyed rows gives the frequency ratios and the entropy.
     */
    public record Repeats(long rows, long keys, double countLnCount) {
        public Repeats(long rows, long keys) {
            this(rows, keys, Double.NaN);
        }
    }

    /** Non-NULL values of a written column. */
    public record NonNull(String column) implements Metric.OfWritten<Long> {}

    /** Sum, min, max and population standard deviation of a written column; see {@link ColumnStats}. */
    public record Stats(String column) implements Metric.OfWritten<ColumnStats> {}

    /**
     * A column's statistics over its non-NULL values, as doubles. A date or timestamp column has min and max only, in
     * seconds since the epoch (UTC); any value may be null when there was none.
     */
    public record ColumnStats(Double sum, Double min, Double max, Double stddev) {
        public boolean numeric() {
            return sum != null || stddev != null;
        }
    }

    /** An HLL sketch of the distinct values of some columns, over the written rows {@code where} selects. */
    public record Sketch(List<String> columns, String where) implements Metric.OfWritten<Sketched> {}

    /** A distinct count estimate and its sketch, in base64, which later batches' sketches merge with. */
    public record Sketched(double estimate, String sketch) {}

    /** Any SQL aggregate expression over the written rows, as a double. */
    public record Aggregate(String expression) implements Metric.OfWritten<Double> {}

    /** The newest value of a date or timestamp column among the written rows {@code where} selects, epoch seconds. */
    public record Newest(String column, String where) implements Metric.OfWritten<Double> {}

    /** One statistic of a column over the written rows a {@code where} condition selects. */
    public record Filtered(Statistic statistic, String column, String where) implements Metric.OfWritten<Double> {}

    /** The statistics {@link Filtered} takes; completeness is non-NULL values over the selected rows. */
    public enum Statistic {
        COMPLETENESS,
        MIN,
        MAX,
        MEAN,
        STDDEV,
        SUM
    }
}
