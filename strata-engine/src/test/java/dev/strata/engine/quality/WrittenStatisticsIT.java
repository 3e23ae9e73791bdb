package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.quality.metric.Metrics.ColumnStats;
import dev.strata.core.quality.metric.Metrics.FailedRows;
import dev.strata.core.quality.metric.Metrics.NonNull;
import dev.strata.core.quality.metric.Metrics.Stats;
import dev.strata.core.quality.rules.MetricPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.sink.StatisticsReader;
import dev.strata.engine.sink.TableRef;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta write measured with its commit's statistics ({@link BatchQuality#observeWithDeltaStatistics}): the metrics
 * the observation leaves to the commit (non-NULL counts, integer and decimal bounds) equal the ones one aggregation
 * measures, value for value, with NULLs, an all-NULL column and rows split off; and when the commit does not answer,
 * the batch is measured again with the same result. Sums and deviations are aggregated both ways, in task order.
 */
class WrittenStatisticsIT {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("qty", DataTypes.IntegerType)
            .add("price", DataTypes.createDecimalType(12, 2))
            .add("ratio", DataTypes.DoubleType)
            .add("day", DataTypes.DateType)
            .add("name", DataTypes.StringType)
            .add("unset", DataTypes.createDecimalType(10, 3));
    private static final AtomicInteger OBSERVATIONS = new AtomicInteger();
    private static final RuleSpec NAME_NOT_NULL =
            RuleSpec.builder(RuleType.NOT_NULL).column("name").build();

    @TempDir
    Path root;

    /** 40 rows in 3 files: qty NULL on every 5th, price on every 7th, name on every 3rd; unset always NULL. */
    private static Dataset<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(
                    (long) i * 1_000_000_007L,
                    i % 5 == 0 ? null : i * 3 - 20,
                    i % 7 == 0 ? null : new BigDecimal(i * 37 % 100 + ".1" + i % 10),
                    i * 0.1,
                    Date.valueOf("2024-01-" + (10 + i % 20)),
                    i % 3 == 0 ? null : "n" + i,
                    null));
        }
        return SharedSpark.session().createDataFrame(rows, SCHEMA).repartition(3);
    }

    private static List<RuleSpec> rules(boolean quarantine) {
        List<RuleSpec> rules = new ArrayList<>(List.of(
                RuleSpec.builder(RuleType.NOT_NULL).column("id").build(),
                RuleSpec.builder(RuleType.BETWEEN)
                        .column("price")
                        .min(0)
                        .max(90)
                        .build(),
                RuleSpec.builder(RuleType.MEAN).column("qty").min(0).max(100).build(),
                RuleSpec.builder(RuleType.STDDEV)
                        .column("ratio")
                        .min(0)
                        .max(100)
                        .build(),
                RuleSpec.builder(RuleType.MIN).column("unset").min(0).build(),
                RuleSpec.builder(RuleType.MAX).column("day").max(0).build(),
                RuleSpec.builder(RuleType.COMPLETENESS).column("name").min(0.5).build(),
                NAME_NOT_NULL));
        if (quarantine) {
            rules.add(RuleSpec.of(RuleType.NOT_NULL, "qty", OnFail.QUARANTINE));
        }
        return rules;
    }

    @Test
    void commitStatisticsAnswerExactlyWhatAnAggregationMeasures() {
        for (boolean quarantine : List.of(false, true)) {
            BatchQuality quality = new BatchQuality(rules(quarantine));
            Dataset<Row> flagged = quality.flag(rows(), table -> null);
            TableRef table = table("bronze.answered" + quarantine);
            BatchQuality.Observed observed =
                    quality.observeWithDeltaStatistics(flagged, WrittenStatisticsIT::observation);
            observed.valid().write().format("delta").save(table.location());
            BatchMetrics metrics = observed.metrics(
                    WrittenStatisticsIT::await,
                    () -> StatisticsReader.committed(SharedSpark.session(), table, "delta", 0));

            assertThat(observed.fromCommit()).as("quarantine " + quarantine).isTrue();
            assertSame(metrics, quality.measure(flagged), quality);
            // By hand: 8 of 40 qty are NULL; quarantining them leaves 32 rows, of which price is NULL on 4 (i = 7, 14,
            // 21,
            // 28; 0 and 35 are quarantined) or, without the split, on 6.
            long rows = quarantine ? 32 : 40;
            assertThat(metrics.get(new NonNull("qty"))).isEqualTo(32L);
            assertThat(metrics.get(new NonNull("price"))).isEqualTo(quarantine ? rows - 4 : rows - 6);
            assertThat(metrics.get(new NonNull("unset"))).isZero();
            // name is NULL on every 3rd row (14 of 40), all of the batch: from the commit's NULL count when every row
            // is written, counted by the pass over the batch when some are quarantined.
            assertThat(metrics.get(new FailedRows(NAME_NOT_NULL))).isEqualTo(14L);
            ColumnStats id = metrics.get(new Stats("id"));
            assertThat(id.min()).isEqualTo(quarantine ? 1_000_000_007.0 : 0.0);
            assertThat(id.max()).isEqualTo(39 * 1_000_000_007.0);
            assertThat(metrics.get(new Stats("unset"))).isEqualTo(new ColumnStats(null, null, null, null));
            quality.release();
        }
    }

    @Test
    void withoutTheCommitsStatisticsTheBatchIsMeasuredAgain() {
        BatchQuality quality = new BatchQuality(rules(false));
        Dataset<Row> flagged = quality.flag(rows(), table -> null);
        TableRef table = table("bronze.unanswered");
        BatchQuality.Observed observed = quality.observeWithDeltaStatistics(flagged, WrittenStatisticsIT::observation);
        observed.valid().write().format("delta").save(table.location());
        Supplier<Optional<TableStatistics>> none = Optional::empty;
        BatchMetrics metrics = observed.metrics(WrittenStatisticsIT::await, none);

        assertThat(observed.fromCommit()).isFalse();
        assertSame(metrics, quality.measure(flagged), quality);
        assertThat(metrics.get(new NonNull("price"))).isEqualTo(34L);
    }

    /** Every metric of the plan has the same value both ways, doubles to the bit. */
    private static void assertSame(BatchMetrics actual, BatchMetrics expected, BatchQuality quality) {
        MetricPlan plan = new MetricPlan(quality.rules());
        List<Metric<?>> all = new ArrayList<>(plan.batch());
        all.addAll(plan.written(expected.columns()));
        assertThat(actual.columns()).isEqualTo(expected.columns());
        for (Metric<?> metric : all) {
            Object value = actual.get(metric);
            if (value instanceof ColumnStats stats && expected.get(metric) instanceof ColumnStats measured) {
                // Sums and deviations are aggregated both ways, their doubles added in task order, which differs.
                assertThat(stats.min()).as(metric.toString()).isEqualTo(measured.min());
                assertThat(stats.max()).as(metric.toString()).isEqualTo(measured.max());
                assertClose(stats.sum(), measured.sum(), metric);
                assertClose(stats.stddev(), measured.stddev(), metric);
            } else {
                assertThat(value).as(metric.toString()).isEqualTo(expected.get(metric));
            }
        }
        assertThat(all).contains(new NonNull("id"), new Stats("price"), new Stats("day"));
    }

    private static void assertClose(Double actual, Double expected, Metric<?> metric) {
        if (expected == null) {
            assertThat(actual).as(metric.toString()).isNull();
        } else {
            assertThat(actual).as(metric.toString()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    private TableRef table(String dataset) {
        DatasetName name = DatasetName.parse(dataset);
        return new TableRef(
                name,
                root.resolve(name.layer()).resolve(name.name()).toString(),
                new StorageSpec(root.toString(), TableFormat.DELTA));
    }

    private static Observation observation(String kind) {
        return new Observation("written-statistics:" + kind + ":" + OBSERVATIONS.incrementAndGet());
    }

    private static Map<String, Object> await(Observation observation, Supplier<Map<String, Object>> recount) {
        try {
            return observation.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
