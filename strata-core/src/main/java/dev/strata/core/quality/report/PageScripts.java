package dev.strata.core.quality.report;

/**
 * The quality report's scripts: uPlot, inlined with its licence, and the trend charts' script the console serves too.
 */
final class PageScripts {
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
                .append(TrendChart.script())
                .append("</script>\n");
    }
}
