package dev.strata.core.quality.report;

import static java.util.Objects.requireNonNull;

import dev.strata.core.quality.MetricPoint;
import java.util.List;

/** A metric of one dataset over recent runs, oldest first; the last point is the reported run's. */
public record MetricTrend(String metric, List<MetricPoint> points) {
    public MetricTrend {
        requireNonNull(metric, "metric is null");
        points = points == null ? List.of() : List.copyOf(points);
    }
}
