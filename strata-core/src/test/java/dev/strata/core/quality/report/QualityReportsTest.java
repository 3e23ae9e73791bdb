package dev.strata.core.quality.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.report.QualityReport.Summary;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityReportsTest {
    private static final QualityReport REPORT = ShopRun.report();

    @Test
    void countsRuleVerdictsAnomaliesAndRowsOverAllDatasets() {
        assertThat(REPORT.summary())
                .as("3 passed (has_rows, revenue_mean_anomaly, day_unique), 3 warned, 1 failed; "
                        + "only the anomaly rule that warned is an anomaly")
                .isEqualTo(new Summary(3, 3, 1, 1, 212, 195, 3, 2));
        assertThat(REPORT.status()).isEqualTo("FAILED");
    }

    @Test
    void listsTheMessagesOfAnomalyRulesThatDidNotPass() {
        assertThat(REPORT.datasets())
                .extracting(DatasetSection::dataset, DatasetSection::anomalies)
                .containsExactly(
                        tuple("silver.orders", List.of(ShopRun.ROW_COUNT_ANOMALY)),
                        tuple("gold.daily_revenue", List.of()));
    }

    @Test
    void attachesTrendsAndSamplesByDatasetName() {
        DatasetSection orders = REPORT.datasets().get(0);
        DatasetSection revenue = REPORT.datasets().get(1);

        assertThat(orders.trends()).extracting(MetricTrend::metric).containsExactly("row_count");
        assertThat(orders.trends().get(0).points())
                .as("the points of ShopRun.rowCountTrend(), to the second")
                .extracting(MetricPoint::runId, MetricPoint::recordedAt, MetricPoint::value)
                .containsExactly(
                        tuple("r-38", Instant.parse("2024-04-27T02:04:12Z"), 1180.0),
                        tuple("r-39", Instant.parse("2024-04-28T02:04:12Z"), 1204.0),
                        tuple("r-40", Instant.parse("2024-04-29T02:04:12Z"), 1010.0),
                        tuple("r-41", Instant.parse("2024-04-30T02:04:12Z"), 980.0),
                        tuple("r-42", Instant.parse("2024-05-01T02:04:12Z"), 200.0));
        assertThat(orders.quarantine()).isEqualTo(ShopRun.ordersQuarantine());
        assertThat(revenue.trends()).isEmpty();
        assertThat(revenue.quarantine()).isNull();
        assertThat(revenue.message()).isEqualTo("rule revenue_not_negative failed: nothing written");
    }

    @Test
    void chartsRowCountsEachRulesValueOrPassRateAndEachAnomalyRulesMetricThatWasRecorded() {
        DatasetSpec spec = PipelineLoader.parse(
                        """
                        name: shop
                        storage: {root: ./lake}
                        sources:
                          raw: {format: csv, path: ./data}
                        datasets:
                          bronze.orders:
                            from: raw
                            expect:
                              - {rule: not_null, column: id}
                              - {rule: aggregate, name: big, expression: "max(amount)", max: 100}
                              - {rule: anomaly, metric: "mean(amount)", strategy: relative_rate_of_change, max_increase: 2}
                        """, Path.of("/work/shop/pipeline.yaml"), Variables.unresolved(), AllowedRoots.any())
                .spec()
                .datasets()
                .get("bronze.orders");
        List<RuleResult> rules = List.of(
                new RuleResult("not_null(id)", "not_null", "warn", 5, 5, 0, RuleStatus.PASSED, null, null, null),
                new RuleResult("big", "aggregate", "warn", 0, 0, 0, RuleStatus.PASSED, null, 80.0, "<= 100"),
                new RuleResult(
                        "anomaly(mean(amount))", "anomaly", "warn", 0, 0, 0, RuleStatus.PASSED, null, 12.0, null));
        List<String> asked = new ArrayList<>();
        MetricHistory history = new MetricHistory() {
            @Override
            public void record(DatasetMetrics metrics) {}

            @Override
            public List<MetricPoint> history(
                    String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
                asked.add(pipeline + " " + dataset + " " + key + " " + limit + " " + excludingRunId);
                return key.metric().equals("rows_quarantined")
                        ? List.of()
                        : List.of(new MetricPoint("r-1", Instant.parse("2024-05-01T00:00:00Z"), 1.0));
            }
        };

        List<MetricTrend> trends = QualityReports.trends(history, "shop", "bronze.orders", spec, rules);

        assertThat(asked)
                .containsExactly(
                        "shop bronze.orders row_count 30 null",
                        "shop bronze.orders rows_quarantined 30 null",
                        "shop bronze.orders pass_rate(not_null(id)) 30 null",
                        "shop bronze.orders value(big) 30 null",
                        "shop bronze.orders mean(amount) 30 null");
        assertThat(trends)
                .extracting(MetricTrend::metric)
                .as("a metric no run recorded has no chart")
                .containsExactly("row_count", "pass_rate(not_null(id))", "value(big)", "mean(amount)");
        assertThat(QualityReports.trends(history, "shop", "bronze.orders", null, rules))
                .extracting(MetricTrend::metric)
                .as("a dataset the pipeline no longer declares: its rules' metrics only")
                .containsExactly("row_count", "pass_rate(not_null(id))", "value(big)");
    }

    @Test
    void roundTripsThroughJson() {
        String json = QualityReports.toJson(REPORT);

        assertThat(QualityReports.fromJson(json)).isEqualTo(REPORT);
        assertThat(json)
                .contains("\"run_id\" : \"r-42\"")
                .contains("\"started_at\" : \"2024-05-01T02:00:00Z\"")
                .as("times to the second")
                .contains("\"finished_at\" : \"2024-05-01T02:04:12Z\"")
                .doesNotContain(".345")
                .contains("\"rows_quarantined\" : 3")
                .contains("\"on_fail\" : \"quarantine\"")
                .contains("\"expected\" : \"812.0 .. 1204.5\"")
                .contains("[ null, \"12.50\", \"<script>alert(1)</script>\", \"order_id_not_null\" ]")
                .endsWith("}\n");
    }

    @Test
    void takesEachDatasetFromTheRunThatBuiltIt() {
        QualityReport latest = QualityReports.of(
                ShopRun.run(), Map.of("gold.daily_revenue", "r-40"), Map.of(), Map.of(), ShopRun.GENERATED);

        assertThat(latest.runId()).isEqualTo("r-42");
        assertThat(latest.datasets())
                .extracting(DatasetSection::dataset, DatasetSection::runId)
                .containsExactly(tuple("silver.orders", "r-42"), tuple("gold.daily_revenue", "r-40"));
        assertThat(latest.datasets().get(1).rules())
                .as("the rules of the run that built it, not \"No rules.\"")
                .hasSize(3);
        assertThat(QualityReports.fromJson(QualityReports.toJson(latest))).isEqualTo(latest);
        assertThat(QualityReports.toJson(latest)).contains("\"run_id\" : \"r-40\"");
    }

    @Test
    void rejectsJsonThatIsNotAReport() {
        assertThatThrownBy(() -> QualityReports.fromJson("{\"run_id\": "))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith("Cannot read quality report: ")
                .hasMessageEndingWith("(expected the JSON that QualityReports.toJson writes)")
                .extracting(e -> ((StrataException) e).code())
                .isEqualTo(ErrorCode.SOURCE_UNREADABLE);
    }

    @Test
    void rejectsASampleRowOfTheWrongWidth() {
        assertThatThrownBy(() -> new QuarantineSample(
                        "silver.orders_quarantine",
                        List.of("order_id", "amount"),
                        List.of(Arrays.asList("A-1", "2.00"), Arrays.asList((String) null)),
                        2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Cannot sample quarantine table silver.orders_quarantine: row 2 has 1 values for 2 columns");
    }
}
