package dev.strata.core.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineNormalStrategyTest {
    // Ten values with mean 10, then 40.
    private static final double[] SPIKE = {10, 12, 8, 10, 10, 10, 10, 10, 10, 10, 40};

    private static List<Integer> indices(OnlineNormalStrategy strategy, double[] series) {
        return strategy.detect(series, 0, Integer.MAX_VALUE).stream()
                .map(Anomaly::index)
                .toList();
    }

    @Test
    void comparesWithTheRunningMeanAndDeviationIncludingThePoint() {
        // With 40: mean 140/11 = 12.7273; population variance 2608/11 - (140/11)^2 = 9088/121, so the deviation is
        // sqrt(9088)/11 = 8.666455; bounds 12.7273 -+ 3 * 8.666455 = -13.272092 .. 38.726637, and 40 is above.
        OnlineNormalStrategy strategy = new OnlineNormalStrategy(3.0, 3.0, 0.1, true);
        assertThat(indices(strategy, SPIKE)).containsExactly(10);
        Bounds bounds = strategy.bounds(SPIKE, 10);
        assertThat(bounds.lower()).isCloseTo(140.0 / 11 - 3 * Math.sqrt(9088) / 11, within(1e-12));
        assertThat(bounds.upper()).isCloseTo(140.0 / 11 + 3 * Math.sqrt(9088) / 11, within(1e-12));
        // Deequ's detail shows the mean without the flagged point (10) but the deviation with it.
        assertThat(strategy.detect(SPIKE, 10, 11).get(0).detail())
                .isEqualTo(
                        "[OnlineNormalStrategy]: Value 40.0 is not in bounds [-15.99936426431924, 35.99936426431924].");
    }

    @Test
    void ignoredAnomaliesStayOutOfTheRunningStatistics() {
        double[] twoSpikes = Arrays.copyOf(SPIKE, 12);
        twoSpikes[11] = 40;
        // Ignored, the first 40 leaves the mean at 10: the second gives mean 10 + (40 - 10)/12 = 12.5, deviation
        // 8.3317 and an upper bound of 37.49, so it is flagged too.
        assertThat(indices(new OnlineNormalStrategy(3.0, 3.0, 0.1, true), twoSpikes))
                .containsExactly(10, 11);
        // Counted, the first 40 lifts the mean to 15 and the deviation to 11.21: the bound rises to 48.63.
        assertThat(indices(new OnlineNormalStrategy(3.0, 3.0, 0.1, false), twoSpikes))
                .containsExactly(10);
    }

    @Test
    void neverFlagsThePointsOfTheWarmUp() {
        // 11 values: a warm-up of 0.9 skips indices below 9.9, one of 0.95 those below 10.45.
        assertThat(indices(new OnlineNormalStrategy(3.0, 3.0, 0.9, true), SPIKE))
                .containsExactly(10);
        assertThat(indices(new OnlineNormalStrategy(3.0, 3.0, 0.95, true), SPIKE))
                .isEmpty();
        assertThat(new OnlineNormalStrategy(3.0, 3.0, 0.95, true).inWarmUp(10, 11))
                .isTrue();
    }

    @Test
    void aConstantSeriesHasNoDeviation() {
        double[] constant = new double[11];
        Arrays.fill(constant, 7);
        OnlineNormalStrategy strategy = new OnlineNormalStrategy(3.0, 3.0, 0.1, true);
        assertThat(indices(strategy, constant)).isEmpty();
        assertThat(strategy.bounds(constant, 10)).isEqualTo(new Bounds(7, 7));
        // A point's own share of the deviation caps its distance at (n - 1)/sqrt(n) deviations: 3.015 for 11 values,
        // enough to pass 3; 2.846 for 10, which is not.
        constant[10] = 7.5;
        assertThat(indices(strategy, constant)).containsExactly(10);
        assertThat(indices(strategy, Arrays.copyOfRange(constant, 1, 11))).isEmpty();
    }

    @Test
    void aMissingFactorLeavesThatSideOpen() {
        double[] dip = SPIKE.clone();
        dip[10] = -20;
        assertThat(indices(new OnlineNormalStrategy(3.0, null, 0.1, true), SPIKE))
                .isEmpty();
        assertThat(indices(new OnlineNormalStrategy(3.0, null, 0.1, true), dip)).containsExactly(10);
    }

    @Test
    void rejectsSettingsAsDeequDoes() {
        assertThatThrownBy(() -> new OnlineNormalStrategy(null, null, 0.1, true))
                .hasMessage("At least one factor has to be specified.");
        assertThatThrownBy(() -> new OnlineNormalStrategy(-1.0, 3.0, 0.1, true))
                .hasMessage("Factors cannot be smaller than zero.");
        assertThatThrownBy(() -> new OnlineNormalStrategy(3.0, 3.0, 1.5, true))
                .hasMessage("Percentage of start values to ignore must be in interval [0, 1].");
    }
}
