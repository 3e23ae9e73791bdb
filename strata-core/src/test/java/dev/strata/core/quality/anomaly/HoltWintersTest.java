package dev.strata.core.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HoltWintersTest {
    private static final double[] WEEK = {100, 120, 130, 125, 110, 60, 40};

    /** Four weeks of a weekly cycle with noise of deviation 3. */
    private static double[] fourWeeks() {
        Random random = new Random(11);
        double[] days = new double[28];
        for (int day = 0; day < days.length; day++) {
            days[day] = WEEK[day % 7] + 3 * random.nextGaussian();
        }
        return days;
    }

    @Test
    void flagsOnlyTheDayFarFromItsForecast() {
        double[] days = fourWeeks();
        days[24] += 60;
        assertThat(new HoltWinters(7).detect(days, 21, 28))
                .extracting(Anomaly::index)
                .containsExactly(24);
    }

    @Test
    void forecastsTheCycle() {
        double[] days = fourWeeks();
        HoltWinters.Forecast forecast = new HoltWinters(7).forecast(days, 21, 28);
        assertThat(forecast.values()).hasSize(7);
        for (int day = 0; day < 7; day++) {
            assertThat(forecast.values()[day]).as("weekday %d", day).isBetween(WEEK[day] - 6, WEEK[day] + 6);
        }
        assertThat(new HoltWinters(7).detect(days, 21, 28)).isEmpty();
    }

    @Test
    void needsTwoFullCycles() {
        assertThatThrownBy(() -> new HoltWinters(7).detect(fourWeeks(), 13, 14))
                .hasMessage("Need at least two full cycles of data to estimate model");
        assertThatThrownBy(() -> new HoltWinters(7).detect(fourWeeks(), 20, 20)).hasMessage("Start must be before end");
        assertThat(new HoltWinters(7).detect(fourWeeks(), 28, 29))
                .as("nothing after the series")
                .isEmpty();
    }
}
