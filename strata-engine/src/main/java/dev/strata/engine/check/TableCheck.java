package dev.strata.engine.check;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metric.Population;
import dev.strata.core.quality.metric.Metrics;
import dev.strata.core.quality.rules.RuleKinds;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.RuleResult;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.quality.BatchQuality;
import dev.strata.engine.quality.StatisticsAnswers;
import dev.strata.engine.quality.TableStatistics;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.sink.StatisticsReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code strata check}: a dataset's rules judged against its current table, writing nothing (no table, quarantine or
 * ledger change). What the table's statistics answer exactly (Delta {@code add.stats}, Iceberg manifests: row counts,
 * NULL counts, integer and decimal bounds) is taken from them; the rest is one aggregation over the table. Rules that
 * quarantine or drop rows only report their failing rows here. A check's metrics describe the whole table, not a
 * batch, so they form their own series in the history ({@link #series}), kept only when asked to record.
 */
public final class TableCheck {
    /** One dataset's check. */
    public record Outcome(
            String dataset,
            long rows,
            List<RuleResult> rules,
            List<String> fromStatistics,
            boolean statisticsRead,
            boolean scanned) {}

    private final SparkSession spark;
    private final TableLocations locations;
    private final Map<DatasetName, DatasetPlan> plans;
    private final MetricHistory history;
    private final String series;
    private final boolean record;

    /**
     * @param plans every dataset of the pipeline, for the tables a {@code references} rule reads
     * @param history past checks for anomaly rules, and where {@code record} stores this one
     * @param pipeline the pipeline's name
     */
    public TableCheck(
            SparkSession spark,
            TableLocations locations,
            Map<DatasetName, DatasetPlan> plans,
            MetricHistory history,
            String pipeline,
            boolean record) {
        this.spark = spark;
        this.locations = locations;
        this.plans = plans;
        this.history = history;
        this.series = series(pipeline);
        this.record = record;
    }

    /** The history's pipeline name for a pipeline's checks: a series apart from its runs, whose metrics are batches. */
    public static String series(String pipeline) {
        return pipeline + ":check";
    }

    /** Refuses a dataset whose table is not built yet, with the command that builds it. */
    public void requireTable(DatasetPlan plan, String file) {
        if (!locations.register(spark, plan.name(), plan.format())) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot check " + plan.name() + ": its table does not exist yet at "
                            + locations.location(plan.name()) + " (build it first: strata run " + file + " --only +"
                            + plan.name() + ")");
        }
    }

    /** Checks one dataset whose table exists ({@link #requireTable}); {@code checkId} names the check in the history. */
    public Outcome check(DatasetPlan plan, String checkId) {
        List<RuleSpec> rules = plan.spec().expect().stream()
                .map(r -> r.onFail() == OnFail.QUARANTINE || r.onFail() == OnFail.DROP ? r.withOnFail(OnFail.WARN) : r)
                .toList();
        String dataset = plan.name().toString();
        Dataset<Row> table = spark.table(dataset);
        Optional<TableStatistics> statistics = StatisticsReader.read(
                spark, locations.table(plan.name()), plan.format().id());
        BatchQuality quality = new BatchQuality(rules);
        try {
            Dataset<Row> flagged = quality.flag(table, this::read);
            BatchQuality.Measurement measured = quality.measure(
                    flagged,
                    statistics
                            .<BatchQuality.Known>map(s -> new StatisticsAnswers(s, boundsOnly(rules)))
                            .orElse(m -> null));
            long rows = measured.metrics().count(new Metrics.Rows(Population.BATCH));
            Verdicts.Verdict verdict = Verdicts.judge(
                    rules,
                    measured.metrics(),
                    new Verdicts.Counts(rows, rows, 0, 0),
                    new Verdicts.Context(history, series, dataset, checkId, Instant.now()));
            if (record) {
                history.record(new DatasetMetrics(
                        series, dataset, checkId, Instant.now(), verdict.metrics(), verdict.rules()));
            }
            Set<Metric<?>> answered = new HashSet<>(measured.answered());
            List<String> fromStatistics = new ArrayList<>();
            for (RuleSpec rule : rules) {
                if (rule.rule() != RuleType.ANOMALY && answered.containsAll(needs(rule))) {
                    fromStatistics.add(rule.displayName());
                }
            }
            boolean scanned = measured.aggregated() || rules.stream().anyMatch(TableCheck::readsRowsAlone);
            return new Outcome(dataset, rows, verdict.rules(), fromStatistics, statistics.isPresent(), scanned);
        } finally {
            quality.release();
        }
    }

    /** A table a references rule names, registered on first use. */
    private Dataset<Row> read(String name) {
        DatasetName table = DatasetName.parse(name);
        DatasetPlan owner = plans.get(table);
        if (!locations.register(spark, table, owner == null ? TableFormat.DELTA : owner.format())) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot check a references rule: the table of " + name + " does not exist yet (build it first)");
        }
        return spark.table(name);
    }

    /**
     * The columns whose statistics may be min and max alone: not when the check is recorded (the history keeps each
     * column's sum and standard deviation), nor for a column whose mean, sum or standard deviation a rule reads.
     */
    private Set<String> boundsOnly(List<RuleSpec> rules) {
        if (record) {
            return Set.of();
        }
        Set<String> columns = new HashSet<>();
        rules.forEach(r -> columns.addAll(r.targetColumns()));
        for (RuleSpec rule : rules) {
            if (rule.rule() == RuleType.MEAN || rule.rule() == RuleType.SUM || rule.rule() == RuleType.STDDEV) {
                columns.remove(rule.column());
            }
            if (rule.rule() == RuleType.ANOMALY && rule.metric() != null) {
                MetricKey key = MetricKey.parse(rule.metric());
                if (List.of("mean", "sum", "stddev").contains(key.metric())) {
                    columns.remove(key.subject());
                }
            }
        }
        return columns;
    }

    /** The metrics a rule's verdict reads: its own, and the stored ones whole-batch rules read by name. */
    private static List<Metric<?>> needs(RuleSpec rule) {
        List<Metric<?>> needs = new ArrayList<>(RuleKinds.of(rule.rule()).metrics(rule));
        Metric<?> written = new Metrics.Rows(Population.WRITTEN);
        switch (rule.rule()) {
            case ROW_COUNT -> needs.add(written);
            case COMPLETENESS -> {
                if (rule.where() == null) {
                    needs.add(written);
                    needs.add(new Metrics.NonNull(rule.column()));
                }
            }
            case MIN, MAX, MEAN, STDDEV, SUM -> {
                if (rule.where() == null) {
                    needs.add(new Metrics.NonNull(rule.column()));
                }
            }
            default -> {}
        }
        return needs;
    }

    /** Rules that read rows whatever the statistics: a grouping or aggregate of their own, or a join. */
    private static boolean readsRowsAlone(RuleSpec rule) {
        return rule.rule() == RuleType.UNIQUE
                || rule.rule() == RuleType.REFERENCES
                || rule.rule() == RuleType.ENTROPY
                || rule.rule() == RuleType.AGGREGATE;
    }
}
