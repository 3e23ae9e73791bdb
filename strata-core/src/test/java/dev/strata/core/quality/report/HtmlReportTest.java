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
    /** The page without its two scripts: uPlot, and the one drawing the charts. */
    private static final String PAGE = HTML.replaceAll("(?s)<script>.*?</script>\n", "");

    @Test
    void escapesQuarantinedValues() {
        assertThat(HTML)
                .contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
                .as("uPlot and the charts' script, and no other")
                .containsOnlyOnce("<script>\n/*! uPlot ")
                .containsOnlyOnce("<script>\n// Strata's metric trend charts");
        assertThat(PAGE).doesNotContainIgnoringCase("<script");
    }

    @Test
    void opensOffline() {
        List<String> targets = new ArrayList<>();
        Matcher attribute =
                Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(PAGE);
        while (attribute.find()) {
            targets.add(attribute.group(1));
        }

        assertThat(targets).as("only links within the page").containsExactly("#dataset-1", "#dataset-2");
        assertThat(PAGE)
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("url(")
                .doesNotContain("@import")
                .contains("<style>");
        assertThat(HTML).as("the scripts load nothing").doesNotContain("fetch(", "XMLHttpRequest", "import(", " src=");
    }

    @Test
    void showsTheRunAndItsSummary() {
        assertThat(HTML)
                .contains("<h1>shop <span class=\"badge failed\">failed</span></h1>")
                .as("times to the second, in UTC until the script writes them in the reader's time zone")
                .contains("run <code>r-42</code> &middot; started <time datetime=\"2024-05-01T02:00:00Z\""
                        + " data-epoch=\"1714528800\">2024-05-01 02:00:00 UTC</time> &middot; finished <time"
                        + " datetime=\"2024-05-01T02:04:12Z\" data-epoch=\"1714529052\">2024-05-01 02:04:12 UTC</time>")
                .contains("time.textContent = local(Number(time.dataset.epoch));")
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
    void drawsEachTrendWithUPlotOnADatedAxisWithItsRunsOnHover() {
        assertThat(HTML)
                .contains("<figcaption>row_count</figcaption>")
                .contains("<div class=\"chart\" role=\"img\" aria-label=\"row_count over 5 runs\" data-trend=\""
                        + "{&quot;metric&quot;:&quot;row_count&quot;,"
                        + "&quot;x&quot;:[1714183452,1714269852,1714356252,1714442652,1714529052],"
                        + "&quot;y&quot;:[1180.0,1204.0,1010.0,980.0,200.0],"
                        + "&quot;runs&quot;:[&quot;r-38&quot;,&quot;r-39&quot;,&quot;r-40&quot;,&quot;r-41&quot;,"
                        + "&quot;r-42&quot;],&quot;anomalies&quot;:[false,false,false,false,false]}\"></div>")
                .contains("scales: { x: { time: true } }")
                .contains("return at < 0 ? \"-\" : trend.runs[at] + \" at \" + local(trend.x[at]);");
    }

    @Test
    void inlinesUPlotWithItsLicenceNotice() {
        assertThat(HTML)
                .contains("<script>\n/*! uPlot 1.6.30, inlined so that this page opens offline. Its licence:\n\n"
                        + "The MIT License (MIT)\n\nCopyright (c) 2022 Leon Sorokin")
                .contains("var uPlot=function(){")
                .as("uPlot's style")
                .contains(".uplot")
                .doesNotContain("<svg");
    }

    @Test
    void letsWideTablesScrollWithinTheirSection() {
        assertThat(HTML)
                .contains(".scroll { overflow-x: auto; max-width: 100%; }")
                .contains("<h2>Datasets</h2>\n<div class=\"scroll\">\n<table>")
                .contains("<div class=\"scroll\">\n<table class=\"rules\">")
                .contains("<div class=\"scroll\">\n<table class=\"quarantine\">");
        assertThat(PAGE.split("<table", -1).length - 1)
                .as("every table in a scroll wrapper")
                .isEqualTo(PAGE.split("<div class=\"scroll\">\n<table", -1).length - 1);
    }

    @Test
    void namesTheRunOfEachDatasetWhenTheyComeFromSeveralRuns() {
        String html = QualityReports.toHtml(QualityReports.of(
                ShopRun.run(), Map.of("gold.daily_revenue", "r-40"), Map.of(), Map.of(), ShopRun.GENERATED));

        assertThat(html)
                .contains("<p class=\"note\">Each dataset as the latest run that built it left it: runs"
                        + " <code>r-42</code>, <code>r-40</code>.</p>")
                .contains("<td><a href=\"#dataset-2\">gold.daily_revenue</a></td><td><code>r-40</code></td>")
                .contains("0 dropped &middot; from run <code>r-40</code>, the latest that built it</p>");
        assertThat(HTML).doesNotContain("Each dataset as the latest run", "from run");
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
                .contains("<figcaption>row_count</figcaption>\n<p class=\"note\">no history</p>")
                .doesNotContain("Quarantine");
    }
}
