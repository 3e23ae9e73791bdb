package dev.strata.core.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeStrategiesTest {
    // Ratios to the previous value: 1.5, 2.0667, 0.9677, 0.4667.
    private static final double[] GROWING = {100, 150, 310, 300, 140};
    // Differences to the previous value: 2, 18, -2, -23; second differences: 16, -20, -21.
    private static final double[] STEPS = {10, 12, 30, 28, 5};

    private static List<Integer> indices(AnomalyDetectionStrategy strategy, double[] series, int start, int end) {
        return strategy.detect(series, start, end).stream().map(Anomaly::index).toList();
    }

    @Test
    void relativeFlagsRatiosOutsideTheLimits() {
        RelativeRateOfChangeStrategy strategy = new RelativeRateOfChangeStrategy(0.5, 2.0, 1);
        assertThat(indices(strategy, GROWING, 0, Integer.MAX_VALUE)).containsExactly(2, 4);
        assertThat(strategy.detect(GROWING, 0, 5))
                .first()
                .isEqualTo(new Anomaly(
                        2,
                        310.0,
                        1.0,
                        "[RelativeRateOfChangeStrategy]: Change of 2.066666666666667 is not in bounds [0.5, 2.0]."
                                + " Order=1"));
    }

    @Test
    void relativeJudgesOnlyTheIntervalButComparesWithThePointsBefore() {
        RelativeRateOfChangeStrategy strategy = new RelativeRateOfChangeStrategy(0.5, 2.0, 1);
        assertThat(indices(strategy, GROWING, 3, 5)).containsExactly(4);
        assertThat(indices(strategy, GROWING, 2, 3)).containsExactly(2);
        assertThat(indices(strategy, GROWING, 3, 4)).isEmpty();
    }

    @Test
    void relativeWithOneLimitChecksOneDirection() {
        assertThat(indices(new RelativeRateOfChangeStrategy(null, 2.0, 1), GROWING, 0, 5))
                .as("increases only")
                .containsExactly(2);
        assertThat(indices(new RelativeRateOfChangeStrategy(0.5, null, 1), GROWING, 0, 5))
                .as("decreases only")
                .containsExactly(4);
    }

    @Test
    void relativeOfOrderTwoComparesWithTheValueTwoBefore() {
        // 310/100 = 3.1, 300/150 = 2.0 (on the limit), 140/310 = 0.45.
        assertThat(indices(new RelativeRateOfChangeStrategy(0.5, 2.0, 2), GROWING, 0, 5))
                .containsExactly(2, 4);
    }

    @Test
    void relativeAfterZeroFlagsAnyValueButZero() {
        // 0/0 is NaN, which no comparison flags; 5/0 is infinite.
        assertThat(indices(new RelativeRateOfChangeStrategy(0.5, 2.0, 1), new double[] {0, 0, 5}, 0, 3))
                .containsExactly(2);
    }

    @Test
    void absoluteFlagsDifferencesOutsideTheLimits() {
        AbsoluteChangeStrategy strategy = new AbsoluteChangeStrategy(-20.0, 15.0, 1);
        assertThat(strategy.detect(STEPS, 0, 5))
                .containsExactly(
                        new Anomaly(
                                2,
                                30.0,
                                1.0,
                                "[AbsoluteChangeStrategy]: Change of 18.0 is not in bounds [-20.0, 15.0]."
                                        + " Order=1"),
                        new Anomaly(
                                4,
                                5.0,
                                1.0,
                                "[AbsoluteChangeStrategy]: Change of -23.0 is not in bounds [-20.0, 15.0]."
                                        + " Order=1"));
        assertThat(strategy.bounds(STEPS, 4)).isEqualTo(new Bounds(8.0, 43.0));
    }

    @Test
    void absoluteOfOrderTwoUsesSecondDifferences() {
        // 16 > 15; -20 is on the limit; -21 < -20.
        AbsoluteChangeStrategy strategy = new AbsoluteChangeStrategy(-20.0, 15.0, 2);
        assertThat(indices(strategy, STEPS, 0, 5)).containsExactly(2, 4);
        // x4 - 2 * 28 + 30 must lie in [-20, 15].
        assertThat(strategy.bounds(STEPS, 4)).isEqualTo(new Bounds(6.0, 41.0));
    }

    @Test
    void aMissingLimitIsUnbounded() {
        assertThat(indices(new AbsoluteChangeStrategy(null, 15.0, 1), STEPS, 0, 5))
                .containsExactly(2);
        assertThat(new AbsoluteChangeStrategy(null, 15.0, 1).bounds(STEPS, 4))
                .isEqualTo(new Bounds(Double.NEGATIVE_INFINITY, 43.0));
    }

    @Test
    void rejectsLimitsAsDeequDoes() {
        assertThatThrownBy(() -> new RelativeRateOfChangeStrategy(null, null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("At least one of the two limits (maxRateDecrease or maxRateIncrease) has to be specified.");
        assertThatThrownBy(() -> new AbsoluteChangeStrategy(10.0, -10.0, 1))
                .hasMessage("The maximal rate of increase has to be bigger than the maximal rate of decrease.");
        assertThatThrownBy(() -> new RelativeRateOfChangeStrategy(0.5, 2.0, 0))
                .hasMessage("Order of diff cannot be zero or negative");
        assertThatThrownBy(() -> new AbsoluteChangeStrategy(0.5, 2.0, 1).detect(STEPS, 3, 2))
                .hasMessage("The start of the interval cannot be larger than the end.");
    }
}
