package dev.strata.core.quality.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.report.QualityReport.Summary;
import java.time.Instant;
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
