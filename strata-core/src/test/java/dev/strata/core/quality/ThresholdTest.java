package dev.strata.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {
    @Test
    void comparesCountsFractionsAndPercents() {
        assertThat(Threshold.parse("failed_count > 2").test(3, 100)).isTrue();
        assertThat(Threshold.parse("failed_count > 2").test(2, 100)).isFalse();
        assertThat(Threshold.parse("failed_fraction >= 0.01").test(1, 100)).isTrue();
        assertThat(Threshold.parse("failed_percent < 5").test(6, 100)).isFalse();
        assertThat(Threshold.parse("failed_count = 0").test(0, 0)).isTrue();
        assertThat(Threshold.parse("failed_fraction > 0").test(0, 0))
                .as("nothing checked")
                .isFalse();
    }

    @Test
    void printsAsWritten() {
        assertThat(Threshold.parse("  failed_fraction>0.01 ")).hasToString("failed_fraction > 0.01");
        assertThat(Threshold.parse("failed_count = 10")).hasToString("failed_count == 10");
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> Threshold.parse("failures > 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid threshold 'failures > 1'");
        assertThatThrownBy(() -> Threshold.parse("failed_count > -1")).isInstanceOf(IllegalArgumentException.class);
    }
}
