package dev.strata.core.quality.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.quality.MetricPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trend's chart draws: for each point, oldest first, its time in epoch seconds ({@code x}), its value ({@code
 * y}; null, a gap, where it is not a finite number, e.g. a metric of an empty batch), its run ({@code runs}, shown on
 * hover) and whether an anomaly rule flagged it ({@code anomalies}, drawn in red). The quality report and the web
 * console draw it with the same script, {@link #script()}, from this JSON in a {@code div.chart}'s {@code data-trend}
 * attribute.
 */
public record TrendChart(String metric, List<Long> x, List<Double> y, List<String> runs, List<Boolean> anomalies) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "trend-charts.js";

    public TrendChart {
        x = List.copyOf(x);
        y = java.util.Collections.unmodifiableList(new ArrayList<>(y)); // may hold nulls
        runs = List.copyOf(runs);
        anomalies = List.copyOf(anomalies);
    }

    public static TrendChart of(MetricTrend trend) {
        List<Long> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        List<Boolean> anomalies = new ArrayList<>();
        for (MetricPoint point : trend.points()) {
            x.add(point.recordedAt().getEpochSecond());
            y.add(Double.isFinite(point.value()) ? point.value() : null);
            runs.add(point.runId());
            anomalies.add(!point.flaggedBy().isEmpty());
        }
        return new TrendChart(trend.metric(), x, y, runs, anomalies);
    }

    /** How many of the points an anomaly rule flagged. */
    public long anomalyCount() {
        return anomalies.stream().filter(flagged -> flagged).count();
    }

    /** The chart as compact JSON, for the page's script. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the chart of " + metric + " as JSON", e);
        }
    }

    /** The script that draws every chart of a page (it needs uPlot loaded first). */
    public static String script() {
        return Script.TEXT;
    }

    /** The script, read once from the class path. */
    private static final class Script {
        static final String TEXT = read();

        private static String read() {
            try (InputStream in = TrendChart.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is not on the class path beside " + TrendChart.class);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + SCRIPT, e);
            }
        }
    }
}
