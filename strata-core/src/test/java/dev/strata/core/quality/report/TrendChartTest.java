package dev.strata.core.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrendChartTest {
    @Test
    void scalesASeriesToItsMinAndMax() {
        // x steps by (312 - 56) / 4 = 64; y runs from 80 (min, 10) to 10 (max, 30).
        assertThat(TrendChart.polyline(TrendChart.layout(List.of(10.0, 20.0, 15.0, 30.0, 25.0))))
                .isEqualTo("56.0,80.0 120.0,45.0 184.0,62.5 248.0,10.0 312.0,27.5");
    }

    @Test
    void drawsAFlatSeriesAtMidHeight() {
        assertThat(TrendChart.polyline(TrendChart.layout(List.of(5.0, 5.0, 5.0))))
                .isEqualTo("56.0,45.0 184.0,45.0 312.0,45.0");
    }

    @Test
    void centresASinglePoint() {
        assertThat(TrendChart.layout(List.of(42.0))).containsExactly(new TrendChart.Point(184, 45));
    }

    @Test
    void drawsNothingForNoHistory() {
        assertThat(TrendChart.layout(List.of())).isEmpty();
    }
}
