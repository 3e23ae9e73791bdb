package dev.strata.core.quality.report;

import dev.strata.core.quality.MetricPoint;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A nightly run of a shop pipeline: silver.orders quarantined and dropped rows and its row count fell far below its
 * usual range (an anomaly that warned); gold.daily_revenue failed on a negative revenue.
 */
final class ShopRun {
    static final Instant STARTED = Instant.parse("2024-05-01T02:00:00Z");
    /** With nanoseconds, as a clock gives them; the report keeps whole seconds. */
    static final Instant FINISHED = Instant.parse("2024-05-01T02:04:12.345678901Z");

    static final Instant GENERATED = Instant.parse("2024-05-01T02:04:13Z");
    static final String ROW_COUNT_ANOMALY = "row_count 200 is outside 812.0 .. 1204.5 (last 4 runs)";

    private ShopRun() {}

    static RunResult run() {
        DatasetResult orders = new DatasetResult(
                "silver.orders",
                RunStatus.SUCCEEDED,
                200,
                0,
                195,
                3,
                2,
                List.of(
                        new RuleResult(
                                "order_id_not_null",
                                "not_null",
                                "quarantine",
                                200,
                                197,
                                3,
                                RuleStatus.WARNED,
                                "3 rows with a null order_id quarantined",
                                null,
                                null),
                        new RuleResult(
                                "amount_positive",
                                "between",
                                "drop",
                                197,
                                195,
                                2,
                                RuleStatus.WARNED,
                                "2 rows dropped",
                                null,
                                null),
                        new RuleResult(
                                "has_rows", "row_count", "fail", 1, 1, 0, RuleStatus.PASSED, null, 200.0, ">= 1"),
                        new RuleResult(
                                "row_count_anomaly",
                                "anomaly",
                                "warn",
                                1,
                                0,
                                1,
                                RuleStatus.WARNED,
                                ROW_COUNT_ANOMALY,
                                200.0,
                                "812.0 .. 1204.5")),
                List.of("s3://shop/orders/2024-05-01.json"),
                List.of(),
                41.5,
                null);
        DatasetResult revenue = new DatasetResult(
                "gold.daily_revenue",
                RunStatus.FAILED,
                12,
                0,
                0,
                0,
                0,
                List.of(
                        new RuleResult(
                                "revenue_not_negative",
                                "between",
                                "fail",
                                12,
                                11,
                                1,
                                RuleStatus.FAILED,
                                "1 of 12 rows has revenue < 0",
                                null,
                                null),
                        new RuleResult(
                                "revenue_mean_anomaly",
                                "anomaly",
                                "warn",
                                1,
                                1,
                                0,
                                RuleStatus.PASSED,
                                null,
                                1520.25,
                                "1200.0 .. 1800.0"),
                        new RuleResult("day_unique", "unique", "fail", 0, 0, 0, RuleStatus.PASSED, null, null, null)),
                List.of(),
                List.of(),
                3.2,
                "rule revenue_not_negative failed: nothing written");
        return new RunResult(
                "r-42",
                "shop",
                RunResult.overall(List.of(orders, revenue)),
                STARTED,
                FINISHED,
                7.9,
                List.of(orders, revenue));
    }

    /** silver.orders' row count over the last five runs, this one last. */
    static MetricTrend rowCountTrend() {
        return new MetricTrend(
                "row_count",
                List.of(
                        point("r-38", 4, 1180),
                        point("r-39", 3, 1204),
                        point("r-40", 2, 1010),
                        point("r-41", 1, 980),
                        point("r-42", 0, 200)));
    }

    static QuarantineSample ordersQuarantine() {
        return new QuarantineSample(
                "silver.orders_quarantine",
                List.of("order_id", "amount", "email", "_strata_rule"),
                List.of(
                        Arrays.asList(null, "12.50", "<script>alert(1)</script>", "order_id_not_null"),
                        Arrays.asList("A-1002", "-3.00", "bob@example.com", "order_id_not_null")),
                1204);
    }

    static QualityReport report() {
        return QualityReports.of(
                run(),
                Map.of("silver.orders", List.of(rowCountTrend())),
                Map.of("silver.orders", ordersQuarantine()),
                GENERATED);
    }

    private static MetricPoint point(String runId, int daysAgo, double value) {
        return new MetricPoint(runId, FINISHED.minus(Duration.ofDays(daysAgo)), value);
    }
}
