package dev.strata.core.quality.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The geometry of a trend's line chart: a {@value #WIDTH}x{@value #HEIGHT} SVG whose plot area leaves room on the left
 * for the min and max labels. A series is scaled to its own min..max; a flat one is drawn at mid-height.
 */
final class TrendChart {
    static final int WIDTH = 320;
    static final int HEIGHT = 90;
    static final double LEFT = 56;
    static final double RIGHT = 312;
    static final double TOP = 10;
    static final double BOTTOM = 80;
    static final double MIDDLE = (TOP + BOTTOM) / 2;

    /** Where a value is drawn, in SVG user units (y grows downwards). */
    record Point(double x, double y) {
        /** The point as an SVG coordinate pair, e.g. {@code 48.0,62.5}. */
        String svg() {
            return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
        }
    }

    private TrendChart() {}

    /** One point per value, left to right in order; a single value sits in the middle. */
    static List<Point> layout(List<Double> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        double min = Collections.min(values);
        double max = Collections.max(values);
        int last = values.size() - 1;
        List<Point> points = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            double x = last == 0 ? (LEFT + RIGHT) / 2 : LEFT + i * (RIGHT - LEFT) / last;
            double y = max == min ? MIDDLE : BOTTOM - (values.get(i) - min) / (max - min) * (BOTTOM - TOP);
            points.add(new Point(x, y));
        }
        return points;
    }

    /** The {@code points} attribute of a polyline through these points. */
    static String polyline(List<Point> points) {
        return points.stream().map(Point::svg).collect(Collectors.joining(" "));
    }
}
