package dev.strata.core.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimpleThresholdStrategyTest {
    private static final double[] SERIES = {5, 10, 15, 20};

    @Test
    void flagsValuesOutsideTheInclusiveBounds() {
        assertThat(new SimpleThresholdStrategy(10, 15).detect(SERIES, 0, Integer.MAX_VALUE))
                .containsExactly(
                        new Anomaly(0, 5.0, 1.0, "[SimpleThresholdStrategy]: Value 5.0 is not in bounds [10.0, 15.0]"),
                        new Anomaly(
                                3, 20.0, 1.0, "[SimpleThresholdStrategy]: Value 20.0 is not in bounds [10.0, 15.0]"));
    }

    @Test
    void judgesOnlyTheInterval() {
        assertThat(new SimpleThresholdStrategy(10, 15).detect(SERIES, 1, 3)).isEmpty();
        assertThat(new SimpleThresholdStrategy(Double.NEGATIVE_INFINITY, 15).detect(SERIES, 0, 4))
                .extracting(Anomaly::index)
                .containsExactly(3);
    }

    @Test
    void rejectsCrossedBounds() {
        assertThatThrownBy(() -> new SimpleThresholdStrategy(2, 1))
                .hasMessage("The lower bound must be smaller or equal to the upper bound.");
    }
}
