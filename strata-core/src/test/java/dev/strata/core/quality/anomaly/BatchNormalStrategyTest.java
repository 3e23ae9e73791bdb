package dev.strata.core.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchNormalStrategyTest {
    private final BatchNormalStrategy strategy = new BatchNormalStrategy(3.0, 3.0, false);

    @Test
    void comparesWithTheSampleDeviationOfTheHistory() {
        // 8, 10, 12: mean 10, sample variance (4 + 0 + 4) / 2 = 4, deviation 2; bounds 10 -+ 3 * 2 = 4 .. 16.
        assertThat(strategy.detect(new double[] {8, 10, 12, 17}, 3, 4))
                .containsExactly(
                        new Anomaly(3, 17.0, 1.0, "[BatchNormalStrategy]: Value 17.0 is not in bounds [4.0, 16.0]."));
        assertThat(strategy.detect(new double[] {8, 10, 12, 16}, 3, 4))
                .as("bounds are inclusive")
                .isEmpty();
        assertThat(strategy.detect(new double[] {8, 10, 12, 3.9}, 3, 4)).hasSize(1);
        assertThat(strategy.bounds(new double[] {8, 10, 12, 17}, 3)).isEqualTo(new Bounds(4, 16));
    }

    @Test
    void leavesTheIntervalOutOfTheStatisticsUnlessAskedTo() {
        // Included, 17 lifts the mean to 11.75 and the deviation to 3.862: the upper bound is 23.34.
        assertThat(new BatchNormalStrategy(3.0, 3.0, true).detect(new double[] {8, 10, 12, 17}, 3, 4))
                .isEmpty();
        // Values after the interval count as history too: 8, 10, 12 around the 17.
        assertThat(strategy.detect(new double[] {8, 10, 17, 12}, 2, 3))
                .extracting(Anomaly::index)
                .containsExactly(2);
    }

    @Test
    void aConstantHistoryHasNoDeviation() {
        assertThat(strategy.detect(new double[] {5, 5, 5, 5}, 3, 4)).isEmpty();
        assertThat(strategy.detect(new double[] {5, 5, 5, 5.1}, 3, 4)).hasSize(1);
    }

    @Test
    void rejectsAnIntervalThatLeavesNoHistory() {
        assertThatThrownBy(() -> strategy.detect(new double[] {1, 2}, 0, 2))
                .hasMessage("Excluding values in searchInterval from calculation but not enough values remain to"
                        + " calculate mean and stdDev.");
        assertThatThrownBy(() -> strategy.detect(new double[0], 0, 0))
                .hasMessage("Data series is empty. Can't calculate mean/ stdDev.");
    }
}
