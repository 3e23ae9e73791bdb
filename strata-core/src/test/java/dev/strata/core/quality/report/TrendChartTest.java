package dev.strata.core.quality.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.MetricPoint;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendChartTest {
    private static final Instant DAY_1 = Instant.parse("2024-04-30T02:04:12Z");
    private static final Instant DAY_2 = Instant.parse("2024-05-01T02:04:12Z");

    @Test
    void placesEachPointAtItsTimeInEpochSecondsWithItsRun() {
        TrendChart chart = TrendChart.of(new MetricTrend(
                "row_count", List.of(new MetricPoint("r-41", DAY_1, 980), new MetricPoint("r-42", DAY_2, 200))));

        assertThat(chart.x()).containsExactly(1714442652L, 1714529052L);
        assertThat(chart.y()).containsExactly(980.0, 200.0);
        assertThat(chart.runs()).containsExactly("r-41", "r-42");
        assertThat(chart.json())
                .isEqualTo("{\"metric\":\"row_count\",\"x\":[1714442652,1714529052],\"y\":[980.0,200.0],"
                        + "\"runs\":[\"r-41\",\"r-42\"],\"anomalies\":[false,false]}");
    }

    @Test
    void leavesAGapWhereAValueIsNotANumber() {
        TrendChart chart = TrendChart.of(new MetricTrend(
                "mean(amount)",
                List.of(new MetricPoint("r-41", DAY_1, Double.NaN), new MetricPoint("r-42", DAY_2, 12.5))));

        assertThat(chart.y()).isEqualTo(Arrays.asList(null, 12.5));
        assertThat(chart.json()).contains("\"y\":[null,12.5]");
    }

    @Test
    void drawsNothingForNoHistory() {
        TrendChart chart = TrendChart.of(new MetricTrend("row_count", List.of()));

        assertThat(chart.x()).isEmpty();
        assertThat(chart.json()).isEqualTo("{\"metric\":\"row_count\",\"x\":[],\"y\":[],\"runs\":[],\"anomalies\":[]}");
    }

    @Test
    void marksThePointsAnAnomalyRuleFlagged() {
        TrendChart chart = TrendChart.of(new MetricTrend(
                "row_count",
                List.of(
                        new MetricPoint("r-41", DAY_1, 980),
                        new MetricPoint("r-42", DAY_2, 200, List.of("anomaly(row_count)")))));

        assertThat(chart.anomalies()).containsExactly(false, true);
        assertThat(chart.anomalyCount()).isEqualTo(1);
        assertThat(chart.json()).endsWith("\"anomalies\":[false,true]}");
    }

    @Test
    void itsScriptIsOnTheClassPath() {
        assertThat(TrendChart.script()).contains("div.chart[data-trend]").contains("new uPlot(");
    }
}
