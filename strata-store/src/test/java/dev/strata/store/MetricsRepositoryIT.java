package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsRepositoryIT {
    private static final Instant T0 = Instant.parse("2026-03-01T06:00:00.123456Z");
    private static final MetricKey ROW_COUNT = MetricKey.of("row_count");
    private static final MetricKey EMAIL_COMPLETENESS = MetricKey.of("completeness", "email");
    private static final RuleResult NOT_NULL = new RuleResult(
            "not_null(id)", "not_null", "drop", 100, 98, 2, RuleStatus.WARNED, "2 rows with null id", null, null);
    private static final RuleResult ROW_COUNT_RULE =
            new RuleResult("row_count", "row_count", "fail", 1, 1, 0, RuleStatus.PASSED, null, 100.0, ">= 1");

    private static ScratchDatabase database;
    private static MetadataStore store;
    private static MetricsRepository metrics;

    @BeforeAll
    static void openStore() {
        database = ScratchDatabase.create();
        store = MetadataStore.open(database.settings("unused"));
        metrics = store.metrics();
    }

    @AfterAll
    static void closeStore() {
        store.close();
        database.close();
    }

    @Test
    void historyListsTheMostRecentRunsOldestFirst() {
        for (int run = 1; run <= 5; run++) {
            metrics.record(metrics("history", "silver.orders", "r" + run, hours(run), List.of(rowCount(run * 10))));
        }
        metrics.record(metrics("history", "silver.customers", "r6", hours(6), List.of(rowCount(999))));

        assertThat(metrics.history("history", "silver.orders", ROW_COUNT, 3, null))
                .containsExactly(
                        new MetricPoint("r3", hours(3), 30),
                        new MetricPoint("r4", hours(4), 40),
                        new MetricPoint("r5", hours(5), 50));
        assertThat(metrics.history("history", "silver.orders", ROW_COUNT, 3, "r5"))
                .as("the run asking is left out, and an older one takes its place")
                .extracting(MetricPoint::runId)
                .containsExactly("r2", "r3", "r4");
        assertThat(metrics.history("history", "silver.orders", ROW_COUNT, 10, "r0"))
                .extracting(MetricPoint::value)
                .containsExactly(10.0, 20.0, 30.0, 40.0, 50.0);
        assertThat(metrics.history("history", "silver.orders", EMAIL_COMPLETENESS, 3, null))
                .isEmpty();
        assertThat(metrics.history("other", "silver.orders", ROW_COUNT, 3, null))
                .isEmpty();
    }

    @Test
    void manyMetricsHistoriesInOneQueryAreEachAsHistoryGivesIt() {
        MetricKey nameCompleteness = MetricKey.of("completeness", "name");
        MetricKey never = MetricKey.of("mean", "amount");
        for (int run = 1; run <= 4; run++) {
            List<MetricValue> values = new ArrayList<>(List.of(
                    rowCount(run * 10),
                    new MetricValue(ROW_COUNT, "2026-03-0" + run, run, Map.of()),
                    MetricValue.of(EMAIL_COMPLETENESS, run / 10.0)));
            if (run % 2 == 0) {
                values.add(MetricValue.of(nameCompleteness, run / 100.0));
            }
            metrics.record(metrics("bulk", "silver.orders", "r" + run, hours(run), values));
        }
        metrics.record(metrics("bulk", "silver.customers", "c1", hours(5), List.of(rowCount(999))));
        List<MetricKey> keys = List.of(EMAIL_COMPLETENESS, ROW_COUNT, never, nameCompleteness);

        Map<MetricKey, List<MetricPoint>> histories = metrics.histories("bulk", "silver.orders", keys, 3);

        assertThat(histories.keySet()).as("in the order asked").containsExactlyElementsOf(keys);
        for (MetricKey key : keys) {
            assertThat(histories.get(key))
                    .as(key.toString())
                    .isEqualTo(metrics.history("bulk", "silver.orders", key, 3, null));
        }
        assertThat(histories.get(ROW_COUNT)).extracting(MetricPoint::value).containsExactly(20.0, 30.0, 40.0);
        assertThat(histories.get(nameCompleteness))
                .extracting(MetricPoint::runId)
                .containsExactly("r2", "r4");
        assertThat(histories.get(never)).isEmpty();
        assertThat(metrics.histories("bulk", "silver.orders", List.of(), 3)).isEmpty();
    }

    @Test
    void historyReadsTheWholeBatchValueOfTheKeyOnly() {
        metrics.record(metrics(
                "keyed",
                "silver.orders",
                "r1",
                hours(1),
                List.of(
                        rowCount(100),
                        new MetricValue(ROW_COUNT, "2026-03-01", 60, Map.of()),
                        MetricValue.of(EMAIL_COMPLETENESS, 0.75),
                        MetricValue.of(MetricKey.of("completeness", "name"), 0.5))));

        assertThat(metrics.history("keyed", "silver.orders", ROW_COUNT, 5, null))
                .containsExactly(new MetricPoint("r1", hours(1), 100));
        assertThat(metrics.history("keyed", "silver.orders", EMAIL_COMPLETENESS, 5, null))
                .containsExactly(new MetricPoint("r1", hours(1), 0.75));
    }

    @Test
    void recordingARunAgainReplacesWhatItRecordedBefore() {
        metrics.record(new DatasetMetrics(
                "retry",
                "silver.orders",
                "r1",
                hours(1),
                List.of(rowCount(100), MetricValue.of(EMAIL_COMPLETENESS, 0.5)),
                List.of(NOT_NULL, ROW_COUNT_RULE)));
        DatasetMetrics retried = new DatasetMetrics(
                "retry", "silver.orders", "r1", hours(2), List.of(rowCount(120)), List.of(ROW_COUNT_RULE));
        metrics.record(retried);

        assertThat(metrics.run("retry", "r1")).containsExactly(retried);
        assertThat(metrics.history("retry", "silver.orders", ROW_COUNT, 5, null))
                .containsExactly(new MetricPoint("r1", hours(2), 120));
        assertThat(countRows("metric_values", "retry"))
                .as("metric rows of the run")
                .isEqualTo(1);
        assertThat(countRows("rule_results", "retry"))
                .as("rule rows of the run")
                .isEqualTo(1);
    }

    @Test
    void readsARunBackWithItsRulesInRecordedOrder() {
        DatasetMetrics orders = new DatasetMetrics(
                "runs",
                "silver.orders",
                "r1",
                hours(1),
                List.of(rowCount(100), MetricValue.of(EMAIL_COMPLETENESS, 0.75)),
                List.of(ROW_COUNT_RULE, NOT_NULL));
        DatasetMetrics customers = new DatasetMetrics(
                "runs", "silver.customers", "r1", hours(1), List.of(rowCount(7)), List.of(NOT_NULL, ROW_COUNT_RULE));
        metrics.record(orders);
        metrics.record(customers);
        metrics.record(metrics("runs", "silver.orders", "r2", hours(2), List.of(rowCount(5))));

        assertThat(metrics.run("runs", "r1"))
                .as("datasets by name, metrics by key")
                .containsExactly(
                        customers,
                        new DatasetMetrics(
                                "runs",
                                "silver.orders",
                                "r1",
                                hours(1),
                                List.of(MetricValue.of(EMAIL_COMPLETENESS, 0.75), rowCount(100)),
                                List.of(ROW_COUNT_RULE, NOT_NULL)));
        assertThat(metrics.run("runs", "r9")).isEmpty();
        assertThat(metrics.latestRun("runs")).contains("r2");
        assertThat(metrics.latestRun("never-ran")).isEmpty();
        assertThat(metrics.latestRuns("runs"))
                .as("each dataset's latest run: r2 built only silver.orders")
                .containsExactly(entry("silver.customers", "r1"), entry("silver.orders", "r2"));
        assertThat(metrics.latestRuns("never-ran")).isEmpty();
    }

    @Test
    void listsTheKnownMetricsOfADatasetSorted() {
        metrics.record(metrics(
                "keys",
                "silver.orders",
                "r1",
                hours(1),
                List.of(
                        rowCount(1),
                        MetricValue.of(EMAIL_COMPLETENESS, 1),
                        MetricValue.of(MetricKey.of("mean", "amount"), 2))));
        metrics.record(metrics(
                "keys",
                "silver.orders",
                "r2",
                hours(2),
                List.of(rowCount(1), MetricValue.of(MetricKey.of("completeness", "Name"), 1))));
        metrics.record(metrics(
                "keys", "silver.customers", "r2", hours(2), List.of(MetricValue.of(MetricKey.of("max", "age"), 1))));

        assertThat(metrics.keys("keys", "silver.orders"))
                .containsExactly(
                        MetricKey.of("completeness", "Name"),
                        EMAIL_COMPLETENESS,
                        MetricKey.of("mean", "amount"),
                        ROW_COUNT);
        assertThat(metrics.keys("keys", "silver.none")).isEmpty();
    }

    @Test
    void keepsAMetricStateAsJson() {
        MetricValue mean = new MetricValue(MetricKey.of("mean", "amount"), "", 2.5, Map.of("count", 3L, "m2", 1.5));
        MetricValue distinct = new MetricValue(
                MetricKey.of("distinct_count", "email"), "", 42, Map.of("hll", "AgEBAQ==", "bounds", List.of(1L, 2.5)));
        metrics.record(metrics("state", "silver.orders", "r1", hours(1), List.of(mean, distinct)));

        assertThat(metrics.run("state", "r1").get(0).metrics()).containsExactly(distinct, mean);
        String stored = database.jdbi()
                .withHandle(
                        handle -> handle.createQuery("""
                                SELECT CAST(v.state AS text) FROM metric_values v JOIN metric_runs r ON r.id = v.run_ref
                                WHERE r.pipeline = 'state' AND v.metric = 'mean'""").mapTo(String.class).one());
        assertThat(stored).as("jsonb, not a string holding JSON").isEqualTo("{\"m2\": 1.5, \"count\": 3}");
    }

    @Test
    void readsTheStateOfALargeColumnBackAsTheDoubleItWas() {
        // The M2 of a BIGINT column with values near 10^11: PostgreSQL keeps the double as numeric and writes it back
        // without its exponent, an integer no long holds.
        double m2 = 6.666666666733332e21;
        MetricValue mean =
                new MetricValue(MetricKey.of("mean", "big"), "", 5.0e10, Map.of("n", 3L, "mean", 5.0e10, "m2", m2));
        metrics.record(metrics("large", "silver.orders", "r1", hours(1), List.of(mean)));

        String stored = database.jdbi()
                .withHandle(
                        handle -> handle.createQuery("""
                        SELECT CAST(v.state AS text) FROM metric_values v JOIN metric_runs r ON r.id = v.run_ref
                        WHERE r.pipeline = 'large'""").mapTo(String.class).one());
        assertThat(stored).contains("\"m2\": 6666666666733332000000");
        MetricValue read = metrics.run("large", "r1").get(0).metrics().get(0);
        assertThat(read.state()).containsEntry("n", 3L).containsEntry("m2", m2);
        assertThat(((Number) read.state().get("mean")).doubleValue())
                .as("a whole double fits a long, and comes back as one")
                .isEqualTo(5.0e10);
    }

    @Test
    void keepsAMetricWhoseStateCannotBeReadWithTheReason() {
        metrics.record(metrics(
                "unreadable", "silver.orders", "r1", hours(1), List.of(MetricValue.of(EMAIL_COMPLETENESS, 0.5))));
        database.jdbi().useHandle(handle -> handle.execute("""
                UPDATE metric_values SET state = '[1, 2]' WHERE run_ref IN
                  (SELECT id FROM metric_runs WHERE pipeline = 'unreadable')"""));

        MetricValue read = metrics.run("unreadable", "r1").get(0).metrics().get(0);
        assertThat(read.value()).isEqualTo(0.5);
        assertThat(read.state())
                .containsExactly(
                        entry(MetricValue.UNREADABLE, "Cannot read the stored metric state: not a JSON object"));
    }

    private static DatasetMetrics metrics(
            String pipeline, String dataset, String runId, Instant recordedAt, List<MetricValue> values) {
        return new DatasetMetrics(pipeline, dataset, runId, recordedAt, values, List.of());
    }

    private static MetricValue rowCount(double value) {
        return MetricValue.of(ROW_COUNT, value);
    }

    private static Instant hours(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    private static long countRows(String table, String pipeline) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT count(*) FROM " + table
                                + " t JOIN metric_runs r ON r.id = t.run_ref WHERE r.pipeline = :pipeline")
                        .bind("pipeline", pipeline)
                        .mapTo(Long.class)
                        .one());
    }
}
