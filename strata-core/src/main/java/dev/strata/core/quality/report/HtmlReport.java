package dev.strata.core.quality.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import dev.strata.core.quality.report.QualityReport.Summary;
import dev.strata.core.run.RuleResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link QualityReport} as one HTML page that opens offline: the style, the chart library (uPlot, with its
 * licence) and the charts' data are inline and nothing is fetched. Every value that comes from the report is escaped.
 * Times are shown in the reader's time zone by the page's script, in UTC without it.
 */
final class HtmlReport {
    private static final String STYLE = """
            :root { --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --muted: #57606a; --line: #d0d7de; \
            --flag: #fff8c5; --accent: #0969da; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; \
            color: #1f2328; line-height: 1.4; max-width: 1200px; margin: 2rem auto; padding: 0 1rem; }
            h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
            h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
            h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
            .meta, .note { color: var(--muted); margin: 0 0 .75rem; }
            .stats { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; padding: 0; list-style: none; }
            .stats li { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .75rem; min-width: 6.5rem; }
            .stats b { display: block; font-size: 1.2rem; font-variant-numeric: tabular-nums; }
            .stats span { color: var(--muted); font-size: .8rem; }
            table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
            th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; font-weight: 600; }
            tbody tr:nth-child(even) { background: #fbfcfd; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .75rem; font-weight: 600; \
            color: #fff; background: var(--muted); white-space: nowrap; vertical-align: middle; }
            .badge.passed, .badge.succeeded { background: var(--ok); }
            .badge.warned { background: var(--warn); }
            .badge.failed, .badge.upstream-failed { background: var(--bad); }
            .anomalies { background: var(--flag); border: 1px solid #d4a72c; border-radius: 6px; padding: .5rem 1rem; }
            .anomalies ul { margin: .25rem 0; padding-left: 1.25rem; }
            tr.anomaly td { background: var(--flag); }
            .null { color: var(--muted); font-style: italic; }
            .charts { display: flex; flex-wrap: wrap; gap: .75rem; }
            figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; }
            figcaption { font-size: .8rem; color: var(--muted); }
            .chart { min-width: 320px; min-height: 40px; }
            .scroll { overflow-x: auto; max-width: 100%; }
            .scroll table { width: auto; min-width: 100%; }
            table.quarantine td { white-space: nowrap; }
            """;

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlReport() {}

    static String render(QualityReport report) {
        StringBuilder out = new StringBuilder();
        String pipeline = report.pipeline() == null ? "pipeline" : report.pipeline();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Quality report: ")
                .append(escape(pipeline))
                .append(" run ")
                .append(escape(report.runId()))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append(UPlot.BUNDLED.style())
                .append("\n</style>\n</head>\n<body>\n");
        header(out, report, pipeline);
        anomalies(out, report);
        overview(out, report);
        for (int i = 0; i < report.datasets().size(); i++) {
            dataset(out, report.datasets().get(i), i + 1, report);
        }
        PageScripts.append(out);
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void header(StringBuilder out, QualityReport report, String pipeline) {
        Summary summary = report.summary();
        out.append("<header>\n<h1>")
                .append(escape(pipeline))
                .append(' ')
                .append(badge(report.status()))
                .append("</h1>\n<p class=\"meta\">run <code>")
                .append(escape(report.runId()))
                .append("</code> &middot; started ")
                .append(instant(report.startedAt()))
                .append(" &middot; finished ")
                .append(instant(report.finishedAt()))
                .append(" &middot; report generated ")
                .append(instant(report.generatedAt()))
                .append("</p>\n");
        List<String> runs = report.datasets().stream()
                .map(dataset -> runOf(dataset, report))
                .distinct()
                .toList();
        if (runs.size() > 1) {
            out.append("<p class=\"note\">Each dataset as the latest run that built it left it: runs ");
            for (int i = 0; i < runs.size(); i++) {
                out.append(i == 0 ? "" : ", ")
                        .append("<code>")
                        .append(escape(runs.get(i)))
                        .append("</code>");
            }
            out.append(".</p>\n");
        }
        out.append("<ul class=\"stats\">\n");
        stat(out, summary.rulesPassed(), "rules passed");
        stat(out, summary.rulesWarned(), "rules warned");
        stat(out, summary.rulesFailed(), "rules failed");
        stat(out, summary.anomalies(), "anomalies");
        stat(out, summary.rowsIn(), "rows in");
        stat(out, summary.rowsWritten(), "rows written");
        stat(out, summary.rowsQuarantined(), "rows quarantined");
        stat(out, summary.rowsDropped(), "rows dropped");
        out.append("</ul>\n</header>\n");
    }

    private static void stat(StringBuilder out, long count, String label) {
        out.append("<li><b>").append(count).append("</b><span>").append(label).append("</span></li>\n");
    }

    /** Every anomaly of the run, first, so that nobody scrolls past one. */
    private static void anomalies(StringBuilder out, QualityReport report) {
        if (report.summary().anomalies() == 0) {
            out.append("<section id=\"anomalies\">\n<h2>Anomalies</h2>\n")
                    .append("<p class=\"note\">No metric moved outside its expected range.</p>\n");
        } else {
            out.append("<section class=\"anomalies\" id=\"anomalies\">\n<h2>Anomalies</h2>\n<ul>\n");
            for (DatasetSection dataset : report.datasets()) {
                for (String anomaly : dataset.anomalies()) {
                    out.append("<li><b>")
                            .append(escape(dataset.dataset()))
                            .append("</b>: ")
                            .append(escape(anomaly))
                            .append("</li>\n");
                }
            }
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static void overview(StringBuilder out, QualityReport report) {
        out.append("<h2>Datasets</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr><th>dataset</th><th>run</th>")
                .append("<th>status</th><th>in</th>")
                .append("<th>written</th><th>quarantined</th><th>dropped</th><th>anomalies</th></tr></thead>\n")
                .append("<tbody>\n");
        for (int i = 0; i < report.datasets().size(); i++) {
            DatasetSection dataset = report.datasets().get(i);
            out.append("<tr><td><a href=\"#dataset-")
                    .append(i + 1)
                    .append("\">")
                    .append(escape(dataset.dataset()))
                    .append("</a></td><td><code>")
                    .append(escape(runOf(dataset, report)))
                    .append("</code></td><td>")
                    .append(badge(dataset.status()))
                    .append("</td>");
            numberCell(out, dataset.rowsIn());
            numberCell(out, dataset.rowsWritten());
            numberCell(out, dataset.rowsQuarantined());
            numberCell(out, dataset.rowsDropped());
            numberCell(out, dataset.anomalies().size());
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</div>\n");
    }

    private static String runOf(DatasetSection dataset, QualityReport report) {
        return dataset.runId() != null ? dataset.runId() : report.runId();
    }

    private static void dataset(StringBuilder out, DatasetSection dataset, int number, QualityReport report) {
        out.append("<section class=\"dataset\" id=\"dataset-")
                .append(number)
                .append("\">\n<h2>")
                .append(escape(dataset.dataset()))
                .append(' ')
                .append(badge(dataset.status()))
                .append("</h2>\n<p class=\"meta\">")
                .append(dataset.rowsIn())
                .append(" in &middot; ")
                .append(dataset.rowsWritten())
                .append(" written &middot; ")
                .append(dataset.rowsQuarantined())
                .append(" quarantined &middot; ")
                .append(dataset.rowsDropped())
                .append(" dropped");
        if (!runOf(dataset, report).equals(report.runId())) {
            out.append(" &middot; from run <code>")
                    .append(escape(dataset.runId()))
                    .append("</code>, the latest that built it");
        }
        out.append("</p>\n");
        if (dataset.message() != null) {
            out.append("<p class=\"message\">")
                    .append(escape(dataset.message()))
                    .append("</p>\n");
        }
        if (!dataset.anomalies().isEmpty()) {
            out.append("<div class=\"anomalies\"><b>&#9888; Anomalies</b>\n<ul>\n");
            dataset.anomalies()
                    .forEach(anomaly ->
                            out.append("<li>").append(escape(anomaly)).append("</li>\n"));
            out.append("</ul>\n</div>\n");
        }
        rules(out, dataset.rules());
        trends(out, dataset.trends());
        if (dataset.quarantine() != null) {
            quarantine(out, dataset.quarantine());
        }
        out.append("</section>\n");
    }

    private static void rules(StringBuilder out, List<RuleResult> rules) {
        out.append("<h3>Rules</h3>\n");
        if (rules.isEmpty()) {
            out.append("<p class=\"note\">No rules.</p>\n");
            return;
        }
        out.append(
                        "<div class=\"scroll\">\n<table class=\"rules\">\n<thead><tr><th>name</th><th>rule</th><th>on_fail</th><th>status</th>")
                .append("<th>checked</th><th>failed</th><th>failing</th><th>value</th><th>expected</th>")
                .append("<th>message</th></tr></thead>\n<tbody>\n");
        for (RuleResult rule : rules) {
            out.append(QualityReports.isAnomaly(rule) ? "<tr class=\"anomaly\">" : "<tr>")
                    .append("<td>")
                    .append(escape(rule.name()))
                    .append("</td><td>")
                    .append(escape(rule.rule()))
                    .append("</td><td>")
                    .append(escape(rule.onFail()))
                    .append("</td><td>")
                    .append(badge(rule.status().name()))
                    .append("</td>");
            numberCell(out, rule.checked());
            numberCell(out, rule.failed());
            out.append("<td class=\"num\">")
                    .append(failingPercent(rule))
                    .append("</td><td class=\"num\">")
                    .append(rule.value() == null ? "" : number(rule.value()))
                    .append("</td><td>")
                    .append(escape(rule.expected()))
                    .append("</td><td>")
                    .append(escape(rule.message()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</div>\n");
    }

    /** The share of checked rows that failed, e.g. {@code 1.5%}; {@code -} when nothing was checked. */
    static String failingPercent(RuleResult rule) {
        return rule.checked() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * rule.failed() / rule.checked());
    }

    private static void trends(StringBuilder out, List<MetricTrend> trends) {
        if (trends.isEmpty()) {
            return;
        }
        out.append("<h3>Trends</h3>\n<div class=\"charts\">\n");
        for (MetricTrend trend : trends) {
            out.append("<figure>\n<figcaption>").append(escape(trend.metric())).append("</figcaption>\n");
            chart(out, trend);
            out.append("</figure>\n");
        }
        out.append("</div>\n");
    }

    /** The trend's chart, drawn by the page's script from the data in its {@code data-trend} attribute. */
    private static void chart(StringBuilder out, MetricTrend trend) {
        if (trend.points().isEmpty()) {
            out.append("<p class=\"note\">no history</p>\n");
            return;
        }
        out.append("<div class=\"chart\" role=\"img\" aria-label=\"")
                .append(escape(trend.metric()))
                .append(" over ")
                .append(trend.points().size())
                .append(trend.points().size() == 1 ? " run" : " runs")
                .append("\" data-trend=\"")
                .append(escape(TrendChart.of(trend).json()))
                .append("\"></div>\n");
    }

    private static void quarantine(StringBuilder out, QuarantineSample sample) {
        out.append("<h3>Quarantine</h3>\n<p class=\"note\">showing ")
                .append(sample.rows().size())
                .append(" of ")
                .append(sample.totalRows())
                .append(" quarantined rows from <code>")
                .append(escape(sample.table()))
                .append("</code></p>\n");
        if (sample.rows().isEmpty()) {
            return;
        }
        out.append("<div class=\"scroll\">\n<table class=\"quarantine\">\n<thead><tr>");
        sample.columns()
                .forEach(column -> out.append("<th>").append(escape(column)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : sample.rows()) {
            out.append("<tr>");
            for (String value : row) {
                out.append(value == null ? "<td class=\"null\">null</td>" : "<td>" + escape(value) + "</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</div>\n");
    }

    private static void numberCell(StringBuilder out, long count) {
        out.append("<td class=\"num\">").append(count).append("</td>");
    }

    /** A measured value for people: whole numbers without a fraction, others to 6 significant digits. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * A time to the second: in UTC in the page, e.g. {@code 2024-05-01 02:00:00 UTC}, which its script rewrites in the
     * reader's time zone.
     */
    static String instant(Instant instant) {
        if (instant == null) {
            return "-";
        }
        Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
        return "<time datetime=\"" + seconds + "\" data-epoch=\"" + seconds.getEpochSecond() + "\">"
                + UTC.format(seconds) + "</time>";
    }

    private static String badge(String status) {
        String lower = status.toLowerCase(Locale.ROOT);
        return "<span class=\"badge " + escape(lower.replace('_', '-')) + "\">" + escape(lower.replace('_', ' '))
                + "</span>";
    }

    private static String escape(String text) {
        return text == null ? "" : escapeHtml4(text);
    }
}
