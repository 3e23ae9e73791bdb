package dev.strata.core.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final String HTML = QualityReports.toHtml(ShopRun.report());

    @Test
    void escapesQuarantinedValues() {
        assertThat(HTML)
                .contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
                .doesNotContainIgnoringCase("<script");
    }

    @Test
    void opensOffline() {
        List<String> targets = new ArrayList<>();
        Matcher attribute =
                Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(HTML);
        while (attribute.find()) {
            targets.add(attribute.group(1));
        }

        assertThat(targets).as("only links within the page").containsExactly("#dataset-1", "#dataset-2");
        assertThat(HTML)
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("url(")
                .doesNotContain("@import")
                .contains("<style>");
    }

    @Test
    void showsTheRunAndItsSummary() {
        assertThat(HTML)
                .contains("<h1>shop <span class=\"badge failed\">failed</span></h1>")
                .contains("run <code>r-42</code> &middot; started 2024-05-01T02:00:00Z &middot; finished "
                        + "2024-05-01T02:04:12Z")
                .contains("<li><b>3</b><span>rules warned</span></li>")
                .contains("<li><b>1</b><span>anomalies</span></li>")
                .contains("<li><b>212</b><span>rows in</span></li>");
    }

    @Test
    void showsEachRuleWithItsBadgeAndFailingPercentage() {
        assertThat(HTML)
                .as("3 of 200 failed")
                .contains("<tr><td>order_id_not_null</td><td>not_null</td><td>quarantine</td>"
                        + "<td><span class=\"badge warned\">warned</span></td><td class=\"num\">200</td>"
                        + "<td class=\"num\">3</td><td class=\"num\">1.5%</td><td class=\"num\"></td><td></td>"
                        + "<td>3 rows with a null order_id quarantined</td></tr>")
                .as("a whole-batch rule shows what it measured and what it allows")
                .contains("<tr><td>has_rows</td><td>row_count</td><td>fail</td>"
                        + "<td><span class=\"badge passed\">passed</span></td><td class=\"num\">1</td>"
                        + "<td class=\"num\">0</td><td class=\"num\">0.0%</td><td class=\"num\">200</td>"
                        + "<td>&gt;= 1</td><td></td></tr>")
                .as("1 of 12 failed")
                .contains("<td><span class=\"badge failed\">failed</span></td><td class=\"num\">12</td>"
                        + "<td class=\"num\">1</td><td class=\"num\">8.3%</td>")
                .as("nothing checked")
                .contains("<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">-</td>");
    }

    @Test
    void flagsAnomalies() {
        assertThat(HTML)
                .as("in the run's list")
                .contains("<h2>Anomalies</h2>\n<ul>\n<li><b>silver.orders</b>: " + ShopRun.ROW_COUNT_ANOMALY
                        + "</li>\n</ul>")
                .as("in the dataset")
                .contains("<div class=\"anomalies\"><b>&#9888; Anomalies</b>\n<ul>\n<li>" + ShopRun.ROW_COUNT_ANOMALY
                        + "</li>")
                .as("in the rules table")
                .contains("<tr class=\"anomaly\"><td>row_count_anomaly</td>")
                .as("an anomaly rule that passed is no anomaly")
                .contains("<tr><td>revenue_mean_anomaly</td>");
    }

    @Test
    void showsTheQuarantineSample() {
        assertThat(HTML)
                .contains("showing 2 of 1204 quarantined rows from <code>silver.orders_quarantine</code>")
                .contains("<tr><td class=\"null\">null</td><td>12.50</td>");
    }

    @Test
    void drawsEachTrendWithThisRunHighlighted() {
        assertThat(HTML)
                .contains("<figcaption>row_count</figcaption>")
                .contains("<svg width=\"320\" height=\"90\" viewBox=\"0 0 320 90\"")
                .contains("<polyline points=\"56.0,11.7 120.0,10.0 184.0,23.5 248.0,25.6 312.0,80.0\"/>")
                .contains("<text x=\"52.0\" y=\"13.5\" text-anchor=\"end\">1204</text>")
                .contains("<text x=\"52.0\" y=\"83.5\" text-anchor=\"end\">200</text>")
                .contains("<circle r=\"2.5\" cx=\"56.0\" cy=\"11.7\"><title>run r-38 at 2024-04-27T02:04:12Z: 1180"
                        + "</title></circle>")
                .contains("<circle class=\"last\" r=\"4\" cx=\"312.0\" cy=\"80.0\"><title>run r-42 (this run) at "
                        + "2024-05-01T02:04:12Z: 200</title></circle>");
    }

    @Test
    void saysSoWhenARunHasNoAnomaliesRulesOrHistory() {
        RunResult run = new RunResult(
                "r-43",
                "shop",
                RunStatus.FAILED,
                ShopRun.STARTED,
                null,
                0,
                List.of(DatasetResult.notBuilt(
                        "gold.daily_revenue", RunStatus.UPSTREAM_FAILED, "silver.orders failed")));
        String html = QualityReports.toHtml(QualityReports.of(
                run,
                Map.of("gold.daily_revenue", List.of(new MetricTrend("row_count", List.of()))),
                Map.of(),
                ShopRun.GENERATED));

        assertThat(html)
                .contains("<section id=\"anomalies\">\n<h2>Anomalies</h2>\n"
                        + "<p class=\"note\">No metric moved outside its expected range.</p>")
                .contains("<h2>gold.daily_revenue <span class=\"badge upstream-failed\">upstream failed</span></h2>")
                .contains("<p class=\"message\">silver.orders failed</p>")
                .contains("<h3>Rules</h3>\n<p class=\"note\">No rules.</p>")
                .contains("finished -")
                .contains("<text x=\"56.0\" y=\"48.5\" text-anchor=\"start\">no history</text>")
                .doesNotContain("Quarantine");
    }
}
