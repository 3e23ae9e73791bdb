package dev.strata.core.quality.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.quality.MetricPoint;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trend's chart draws: for each point, oldest first, its time in epoch seconds ({@code x}), its value ({@code
 * y}; null, a gap, where it is not a finite number, e.g. a metric of an empty batch) and its run ({@code runs}, shown
 * on hover).
 */
record TrendChart(String metric, List<Long> x, List<Double> y, List<String> runs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    TrendChart {
        x = List.copyOf(x);
        y = java.util.Collections.unmodifiableList(new ArrayList<>(y)); // may hold nulls
        runs = List.copyOf(runs);
    }

    static TrendChart of(MetricTrend trend) {
        List<Long> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        for (MetricPoint point : trend.points()) {
            x.add(point.recordedAt().getEpochSecond());
            y.add(Double.isFinite(point.value()) ? point.value() : null);
            runs.add(point.runId());
        }
        return new TrendChart(trend.metric(), x, y, runs);
    }

    /** The chart as compact JSON, for the page's script. */
    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write the chart of " + metric + " as JSON", e);
        }
    }
}
