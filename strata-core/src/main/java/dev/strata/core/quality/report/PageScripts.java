package dev.strata.core.quality.report;

/** The quality report's scripts: uPlot, inlined with its licence, and the page's own, which draws the charts. */
final class PageScripts {
    /**
     * Draws each trend's chart with uPlot (times on the x axis, the run and its time on hover), and writes every time
     * in the reader's time zone.
     */
    private static final String SCRIPT = """
            (function () {
              function local(seconds) {
                return new Date(seconds * 1000).toLocaleString(undefined, { year: "numeric", month: "2-digit",
                  day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" });
              }
              document.querySelectorAll("time[data-epoch]").forEach(function (time) {
                time.textContent = local(Number(time.dataset.epoch));
                time.title = time.getAttribute("datetime");
              });
              document.querySelectorAll("div.chart[data-trend]").forEach(function (div) {
                var trend = JSON.parse(div.dataset.trend);
                var last = trend.x.length - 1;
                new uPlot({
                  width: 340,
                  height: 180,
                  legend: { live: true },
                  scales: { x: { time: true } },
                  series: [
                    { label: "run", value: function (u, v, s, i) {
                      var at = i == null ? last : i;
                      return at < 0 ? "-" : trend.runs[at] + " at " + local(trend.x[at]);
                    } },
                    { label: trend.metric, stroke: "#0969da", width: 1.5, points: { show: true, size: 5 } }
                  ],
                  axes: [{}, { size: 56 }]
                }, [trend.x, trend.y], div);
              });
            })();
            """;

    private PageScripts() {}

    /** uPlot with its licence notice, then the page's own script. */
    static void append(StringBuilder out) {
        UPlot uplot = UPlot.BUNDLED;
        out.append("<script>\n/*! uPlot ")
                .append(uplot.version())
                .append(", inlined so that this page opens offline. Its licence:\n\n")
                .append(uplot.licence().strip())
                .append("\n*/\n")
                .append(uplot.script())
                .append("\n</script>\n<script>\n")
                .append(SCRIPT)
                .append("</script>\n");
    }
}
