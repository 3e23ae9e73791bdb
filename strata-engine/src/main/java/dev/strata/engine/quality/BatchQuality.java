package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.quality.metric.Metrics.Flagged;
import dev.strata.core.quality.metric.Metrics.Rows;
import dev.strata.core.quality.rules.MetricPlan;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A dataset's rules compiled for its batches. Row rules become boolean columns of one projection over the batch (see
 * {@link RowFlags}); every metric the rules need ({@link MetricPlan}) is an aggregate expression of one pass, so the
 * metrics of a batch come from the same pass that writes it (through {@code Dataset.observe}) or, when a rule may fail
 * the dataset, from one aggregation over the cached batch before the write. Two populations: every row of the batch,
 * and the rows that are written; when no row is split off they are one pass.
 */
public final class BatchQuality {
    /** The rules each quarantined row broke, by name. */
    public static final String FAILED_RULES = "_failed_rules";

    /** One type for {@link #FAILED_RULES} on every branch, so quarantine appends never differ in nullability. */
    public static final DataType FAILED_RULES_TYPE = DataTypes.createArrayType(DataTypes.StringType, true);

    /** HLL sketch size: 2^14 buckets, a relative standard error of about 0.8%. */
    public static final int HLL_LG_K = StandardAnalyzers.HLL_LG_K;

    static final String QUARANTINE_FLAG = "__strata_quarantine";
    static final String DROP_FLAG = "__strata_drop";

    private final List<RuleSpec> rules;
    private final MetricPlan plan;
    private final RowFlags flags;
    private final GroupedMetrics grouped;
    private final boolean splits;

    public BatchQuality(List<RuleSpec> rules) {
        this.rules = List.copyOf(rules);
        this.plan = new MetricPlan(rules);
        this.splits = rules.stream()
                .anyMatch(r -> r.rule().judgesRows() && (r.onFail() == OnFail.QUARANTINE || r.onFail() == OnFail.DROP));
        this.flags =
                new RowFlags(rules.stream().filter(r -> r.rule().judgesRows()).toList(), splits);
        this.grouped = new GroupedMetrics(plan, flags, splits, this::valid);
    }

    public List<RuleSpec> rules() {
        return rules;
    }

    /**
     * True when a rule may fail the dataset. Its verdict must be known before the write commits, so such a batch is
     * cached and measured by one aggregation first; every other batch is measured during its write.
     */
    public boolean blocking() {
        return rules.stream().anyMatch(r -> r.onFail() == OnFail.FAIL);
    }

    /** True when the batch's failing rows must be split off: some rule quarantines or drops rows. */
    public boolean splits() {
        return splits;
    }

    /**
     * The batch with one boolean column per row rule, and the quarantine and drop flags; see {@link RowFlags#flag}.
     *
     * @param readTable a dataset's current table by {@code layer.name}
     */
    public Dataset<Row> flag(Dataset<Row> rows, Function<String, Dataset<Row>> readTable) {
        return flags.flag(rows, readTable);
    }

    /** Frees what {@link #flag} cached. */
    public void release() {
        flags.release();
    }

    /** The rows to write: neither quarantined nor dropped, without the working columns. */
    public Dataset<Row> valid(Dataset<Row> flagged) {
        String[] working = flags.workingColumns();
        Dataset<Row> written = splits ? flagged.filter(written()) : flagged;
        return working.length == 0 ? written : written.drop(working);
    }

    /** True for the rows of a flagged batch that are written: neither quarantined nor dropped. */
    private static Column written() {
        return not(col(QUARANTINE_FLAG).or(col(DROP_FLAG)));
    }

    /**
     * The quarantined rows, with {@link #FAILED_RULES} (every rule the row broke), without the working columns. The
     * list is built here, for the few quarantined rows only, not for every row of the batch.
     */
    public Dataset<Row> quarantined(Dataset<Row> flagged) {
        List<Column> names = flags.failedRuleNames();
        Column failedRules = names.isEmpty()
                ? array().cast(FAILED_RULES_TYPE)
                : array_compact(array(names.toArray(Column[]::new))).cast(FAILED_RULES_TYPE);
        return flagged.filter(flags.flag(OnFail.QUARANTINE))
                .withColumn(FAILED_RULES, failedRules)
                .drop(flags.workingColumns());
    }

    /** The rows of a measured batch, by rule outcome. */
    public record RowCounts(long rows, long quarantined, long dropped) {}

    /** The row counts in the metrics of a flagged batch. */
    public static RowCounts counts(BatchMetrics metrics) {
        return new RowCounts(
                metrics.count(new Rows(Population.BATCH)),
                metrics.count(new Flagged(OnFail.QUARANTINE)),
                metrics.count(new Flagged(OnFail.DROP)));
    }

    /**
     * Measures the flagged batch by aggregation rather than during a write, in one job: when rows are split off, the
     * written rows' aggregates are filtered to them in the same aggregation.
     */
    public BatchMetrics measure(Dataset<Row> flagged) {
        Passes passes = passes(flagged);
        BatchMetrics.Builder metrics = BatchMetrics.builder(passes.columns());
        if (passes.written() == null) {
            passes.batch().read(passes.batch().aggregate(flagged), metrics);
        } else {
            Map<String, Object> both = passes.batch().aggregateWith(flagged, passes.written(), written());
            passes.batch().read(both != null ? both : passes.batch().aggregate(flagged), metrics);
            passes.written().read(both != null ? both : passes.written().aggregate(valid(flagged)), metrics);
        }
        return grouped.finish(flagged, metrics);
    }

    /** Answers some metrics without reading rows (from a table's statistics): the value, or null when it cannot. */
    @FunctionalInterface
    public interface Known {
        Object answer(Metric<?> metric);
    }

    /** What {@link #measure(Dataset, Known)} found, and how: which metrics came from {@code known}, and whether the pass ran. */
    public record Measurement(BatchMetrics metrics, List<Metric<?>> answered, boolean aggregated) {}

    /**
     * Measures the flagged batch as {@link #measure(Dataset)} does, but takes every metric {@code known} answers as
     * given: the one aggregation computes only the rest, and does not run when nothing is left. For a batch whose rows
     * are never split (no rule quarantines or drops).
     */
    public Measurement measure(Dataset<Row> flagged, Known known) {
        if (splits()) {
            throw new IllegalArgumentException("a batch whose rows are split off is measured by measure(flagged)");
        }
        List<Metric<?>> answered = new java.util.ArrayList<>();
        Map<Metric<?>, Object> values = new java.util.LinkedHashMap<>();
        Passes all = passes(flagged, m -> true);
        for (Metric<?> metric : all.batch().metrics()) {
            Object value = known.answer(metric);
            if (value != null) {
                values.put(metric, value);
                answered.add(metric);
            }
        }
        BatchMetrics.Builder metrics = BatchMetrics.builder(all.columns());
        values.forEach((metric, value) -> put(metrics, metric, value));
        MetricPass rest = passes(flagged, m -> !values.containsKey(m)).batch();
        boolean aggregated = !rest.metrics().isEmpty();
        if (aggregated) {
            rest.read(rest.aggregate(flagged), metrics);
        }
        return new Measurement(grouped.finish(flagged, metrics), List.copyOf(answered), aggregated);
    }

    @SuppressWarnings("unchecked")
    private static <V> void put(BatchMetrics.Builder metrics, Metric<V> metric, Object value) {
        metrics.put(metric, (V) value);
    }

    /** Waits for an observation's results, or counts again with {@code recount} when Spark does not report them. */
    @FunctionalInterface
    public interface Waiter {
        Map<String, Object> await(Observation observation, Supplier<Map<String, Object>> recount);
    }

    /** The rows to write, with the batch measured on the way by one or two observations. */
    public final class Observed {
        private final Dataset<Row> flagged;
        private final Dataset<Row> valid;
        private final Passes passes;
        private final Observation batch;
        private final Observation written;
        private boolean fromCommit;

        private Observed(
                Dataset<Row> flagged, Function<String, Observation> observation, WrittenStatistics statistics) {
            this.flagged = flagged;
            this.passes = passes(flagged, m -> true, statistics);
            this.batch = observation.apply("batch");
            if (passes.written() == null) {
                this.written = null;
                this.valid = BatchQuality.this.valid(passes.batch().observe(flagged, batch));
            } else {
                this.written = observation.apply("written");
                this.valid = passes.written()
                        .observe(BatchQuality.this.valid(passes.batch().observe(flagged, batch)), written);
            }
        }

        /** True when {@link #metrics} took what the observation left out from the commit's statistics. */
        public boolean fromCommit() {
            return fromCommit;
        }

        /** The rows to write; writing them runs the observations. */
        public Dataset<Row> valid() {
            return valid;
        }

        /**
         * The batch's metrics, once the write ran: {@code waiter} waits for each observation; {@code committed} reads
         * the statistics of the files the write committed, for what the observation left to them. When those do not
         * answer it all, the batch is measured again by {@link #measure(Dataset)}.
         */
        public BatchMetrics metrics(Waiter waiter, Supplier<Optional<TableStatistics>> committed) {
            MetricPass first = passes.batch();
            Map<String, Object> batchResults = waiter.await(batch, () -> first.aggregate(flagged));
            MetricPass second = written == null ? first : passes.written();
            Map<String, Object> writtenResults = written == null
                    ? batchResults
                    : waiter.await(written, () -> second.aggregate(BatchQuality.this.valid(flagged)));
            WrittenStatistics statistics = passes.statistics();
            if (!statistics.none()) {
                long rows = second.value(new Rows(Population.WRITTEN), writtenResults);
                Optional<TableStatistics> files = committed.get();
                if (files.isEmpty() || !statistics.settle(files.get(), rows)) {
                    return measure(flagged);
                }
                fromCommit = true;
            }
            BatchMetrics.Builder metrics = BatchMetrics.builder(passes.columns());
            first.read(batchResults, metrics);
            if (written != null) {
                second.read(writtenResults, metrics);
            }
            return grouped.finish(flagged, metrics);
        }
    }

    /**
     * The rows to write, with the batch measured on the way: {@link Observed#metrics} reports what {@link #measure}
     * would. When no rows are split off one observation serves both populations: each costs a pass beside the write.
     *
     * @param observation a new observation of the given kind ({@code batch} or {@code written})
     */
    public Observed observe(Dataset<Row> flagged, Function<String, Observation> observation) {
        return new Observed(flagged, observation, WrittenStatistics.NONE);
    }

    /**
     * As {@link #observe(Dataset, Function)}, for a Delta write: the observation leaves out what the commit's file
     * statistics hold ({@link WrittenStatistics#delta}), and {@link Observed#metrics} takes it from them.
     */
    public Observed observeWithDeltaStatistics(Dataset<Row> flagged, Function<String, Observation> observation) {
        return new Observed(
                flagged, observation, WrittenStatistics.delta(valid(flagged).schema()));
    }

    private Passes passes(Dataset<Row> flagged) {
        return passes(flagged, m -> true);
    }

    private Passes passes(Dataset<Row> flagged, Predicate<Metric<?>> measured) {
        return passes(flagged, measured, WrittenStatistics.NONE);
    }

    private Passes passes(Dataset<Row> flagged, Predicate<Metric<?>> measured, WrittenStatistics statistics) {
        return Passes.of(valid(flagged).schema(), plan, flags, splits(), measured, statistics);
    }

    /** One aggregation of {@code rows}, its results by name. */
    public static Map<String, Object> aggregate(Dataset<Row> rows, Column... metrics) {
        return MetricPass.asMap(rows.agg(metrics[0], Arrays.copyOfRange(metrics, 1, metrics.length))
                .first());
    }
}
