package dev.strata.core.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleSpecBuilder;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.Seasonality;
import org.junit.jupiter.api.Test;

class AnomalyCheckTest {
    private static RuleSpecBuilder rule(AnomalyStrategy strategy) {
        return RuleSpec.builder(RuleType.ANOMALY).metric("row_count").strategy(strategy);
    }

    @Test
    void relativeChangeAgainstThePreviousRun() {
        RuleSpec rule =
                rule(AnomalyStrategy.RELATIVE_RATE_OF_CHANGE).maxIncrease(2.0).build();
        double[] history = {1000, 1520};
        assertThat(AnomalyCheck.evaluate(rule, "row_count", history, 4100))
                .isEqualTo(new AnomalyVerdict(
                        true,
                        true,
                        "<= 2.0x the previous value 1520 (3040)",
                        "row_count 4100 is an anomaly: expected <= 2.0x the previous value 1520 (3040)"
                                + " (relative_rate_of_change, 2 past runs)"));
        assertThat(AnomalyCheck.evaluate(rule, "row_count", history, 3040).message())
                .isEqualTo("row_count 3040: <= 2.0x the previous value 1520 (3040)");
    }

    @Test
    void relativeChangeWithBothLimits() {
        RuleSpec rule = rule(AnomalyStrategy.RELATIVE_RATE_OF_CHANGE)
                .maxDecrease(0.5)
                .maxIncrease(2.0)
                .build();
        AnomalyVerdict verdict = AnomalyCheck.evaluate(rule, "row_count", new double[] {1520}, 700);
        assertThat(verdict.anomalous()).isTrue();
        assertThat(verdict.message())
                .isEqualTo("row_count 700 is an anomaly: expected 0.5x .. 2.0x the previous value 1520 (760 .. 3040)"
                        + " (relative_rate_of_change, 1 past run)");
        assertThat(AnomalyCheck.evaluate(rule, "row_count", new double[] {1520}, 1000)
                        .message())
                .isEqualTo("row_count 1000: within 0.5x .. 2.0x the previous value 1520 (760 .. 3040)");
    }

    @Test
    void absoluteChangeReadsMaxDecreaseAsADrop() {
        RuleSpec rule = rule(AnomalyStrategy.ABSOLUTE_CHANGE)
                .maxDecrease(100.0)
                .maxIncrease(50.0)
                .build();
        AnomalyVerdict verdict = AnomalyCheck.evaluate(rule, "row_count", new double[] {1400, 1520}, 1410);
        assertThat(verdict.anomalous()).isTrue();
        assertThat(verdict.expected()).isEqualTo("-100.0 .. +50.0 from the previous value 1520 (1420 .. 1570)");
        assertThat(AnomalyCheck.evaluate(rule, "row_count", new double[] {1400, 1520}, 1420)
                        .anomalous())
                .isFalse();
    }

    @Test
    void simpleThresholdNeedsNoHistory() {
        RuleSpec rule = RuleSpec.builder(RuleType.ANOMALY)
                .metric("completeness(email)")
                .strategy(AnomalyStrategy.SIMPLE_THRESHOLD)
                .min(0.9)
                .build();
        assertThat(AnomalyCheck.evaluate(rule, "completeness(email)", new double[0], 0.85))
                .isEqualTo(new AnomalyVerdict(
                        true,
                        true,
                        ">= 0.9",
                        "completeness(email) 0.85 is an anomaly: expected >= 0.9 (simple_threshold, 0 past runs)"));
    }

    @Test
    void batchNormalShowsTheComputedRange() {
        RuleSpec rule = rule(AnomalyStrategy.BATCH_NORMAL).build();
        assertThat(AnomalyCheck.evaluate(rule, "mean(amount)", new double[] {8, 10, 12}, 17))
                .isEqualTo(new AnomalyVerdict(
                        true,
                        true,
                        "4 .. 16",
                        "mean(amount) 17 is an anomaly: expected 4 .. 16 (batch_normal, 3 stddevs, 3 past runs)"));
        assertThat(AnomalyCheck.evaluate(rule, "mean(amount)", new double[] {8, 10, 12}, 12.5)
                        .message())
                .isEqualTo("mean(amount) 12.5: within 4 .. 16");
        RuleSpec narrow = rule(AnomalyStrategy.BATCH_NORMAL).stddevs(1.5).build();
        assertThat(AnomalyCheck.evaluate(narrow, "mean(amount)", new double[] {8, 10, 12}, 13.5)
                        .message())
                .isEqualTo(
                        "mean(amount) 13.5 is an anomaly: expected 7 .. 13 (batch_normal, 1.5 stddevs, 3 past runs)");
    }

    @Test
    void onlineNormalRoundsTheRangeForPeople() {
        RuleSpec rule = rule(AnomalyStrategy.ONLINE_NORMAL).build();
        AnomalyVerdict verdict =
                AnomalyCheck.evaluate(rule, "row_count", new double[] {10, 12, 8, 10, 10, 10, 10, 10, 10, 10}, 40);
        assertThat(verdict.message())
                .isEqualTo("row_count 40 is an anomaly: expected -13.2721 .. 38.7266 (online_normal, 3 stddevs,"
                        + " 10 past runs)");
    }

    @Test
    void belowTheNeededHistoryNothingIsJudged() {
        RuleSpec rule = rule(AnomalyStrategy.HOLT_WINTERS)
                .seasonality(Seasonality.DAILY)
                .build();
        assertThat(AnomalyCheck.evaluate(rule, "row_count", new double[] {1, 2, 3}, 1000))
                .isEqualTo(new AnomalyVerdict(
                        false, false, null, "row_count 1000: not enough history: 3 of 14 past runs"));
        assertThat(AnomalyCheck.evaluate(
                                rule(AnomalyStrategy.BATCH_NORMAL).build(), "row_count", new double[] {5}, 1000)
                        .message())
                .isEqualTo("row_count 1000: not enough history: 1 of 2 past runs");
    }

    @Test
    void neededHistoryFollowsTheStrategy() {
        assertThat(AnomalyCheck.minimumHistory(
                        rule(AnomalyStrategy.SIMPLE_THRESHOLD).build()))
                .isZero();
        assertThat(AnomalyCheck.minimumHistory(
                        rule(AnomalyStrategy.RELATIVE_RATE_OF_CHANGE).build()))
                .isEqualTo(1);
        assertThat(AnomalyCheck.minimumHistory(rule(AnomalyStrategy.HOLT_WINTERS)
                        .seasonality(Seasonality.WEEKLY)
                        .build()))
                .isEqualTo(104);
        // The newest of n + 1 values leaves the warm-up once n >= (n + 1) * warmup.
        assertThat(AnomalyCheck.minimumHistory(
                        rule(AnomalyStrategy.ONLINE_NORMAL).build()))
                .isEqualTo(1);
        assertThat(AnomalyCheck.minimumHistory(
                        rule(AnomalyStrategy.ONLINE_NORMAL).warmup(0.6).build()))
                .isEqualTo(2);
        assertThat(AnomalyCheck.minimumHistory(
                        rule(AnomalyStrategy.ONLINE_NORMAL).warmup(0.9).build()))
                .isEqualTo(9);
    }

    @Test
    void holtWintersJudgesTheNewestDay() {
        double[] week = {100, 120, 130, 125, 110, 60, 40};
        double[] history = new double[24];
        for (int day = 0; day < history.length; day++) {
            history[day] = week[day % 7] + day % 3 - 1;
        }
        RuleSpec rule = rule(AnomalyStrategy.HOLT_WINTERS)
                .seasonality(Seasonality.DAILY)
                .build();
        AnomalyVerdict spike = AnomalyCheck.evaluate(rule, "row_count", history, 185);
        assertThat(spike.anomalous()).isTrue();
        assertThat(spike.message())
                .startsWith("row_count 185 is an anomaly: expected ")
                .endsWith(" (holt_winters," + " period 7, 24 past runs)");
        assertThat(AnomalyCheck.evaluate(rule, "row_count", history, 125).anomalous())
                .isFalse();
    }

    @Test
    void numbersAreWholeOrSixSignificantDigits() {
        assertThat(AnomalyCheck.number(3040.0)).isEqualTo("3040");
        assertThat(AnomalyCheck.number(1204.5)).isEqualTo("1204.5");
        assertThat(AnomalyCheck.number(0.987654321)).isEqualTo("0.987654");
        assertThat(AnomalyCheck.number(12345678.9)).isEqualTo("12345679");
        assertThat(AnomalyCheck.number(-0.0)).isEqualTo("0");
    }
}
