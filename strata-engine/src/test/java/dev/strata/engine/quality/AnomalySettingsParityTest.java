package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import dev.strata.core.quality.anomaly.AnomalyCheck;
import dev.strata.core.quality.anomaly.AnomalyVerdict;
import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleSpecBuilder;
import dev.strata.core.spec.RuleType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.immutable.Vector;

/**
 * The anomaly rule's settings judged run after run as a pipeline judges them, beside Deequ's own classes on
 * the same series: Deequ's {@code AnomalyDetector.isNewPointAnomalous} for a new point, and Deequ's strategies over
 * the whole series where Deequ keeps state across points (ignoreAnomalies).
 */
class AnomalySettingsParityTest {
    /** A steady metric around 100 with two spikes: 200 at run 15, then 130 at run 25. */
    private static final double[] TWO_SPIKES = twoSpikes();
    /** Spikes, drops, a zero and negative values. */
    private static final double[] JUMPY = {100, 105, 98, 210, 205, 90, 95, 96, 300, 0, 0, 5, -5, -12, 40, 41, 44, 90};

    private static double[] twoSpikes() {
        double[] values = new double[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + (i % 5) - 2;
        }
        values[15] = 200;
        values[25] = 130;
        return values;
    }

    private static RuleSpecBuilder rule(AnomalyStrategy strategy) {
        return RuleSpec.builder(RuleType.ANOMALY).metric("row_count").strategy(strategy);
    }

    /**
     * Judges each point of the series as its run would: against the points before it and the flags their runs stored,
     * as the metadata store keeps them; the indices flagged, in order.
     */
    private static List<Integer> runByRun(RuleSpec rule, double[] series) {
        boolean[] flagged = new boolean[series.length];
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            AnomalyVerdict verdict = AnomalyCheck.evaluate(
                    rule, "row_count", Arrays.copyOf(series, i), Arrays.copyOf(flagged, i), series[i]);
            flagged[i] = verdict.anomalous();
            if (flagged[i]) {
                found.add(i);
            }
        }
        return found;
    }

    /** Deequ's verdict on the new point {@code current} after {@code history} (one data point a day). */
    private static boolean deequNewPoint(
            com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy strategy, double[] history, double current) {
        List<DataPoint<Object>> points = new ArrayList<>();
        for (int i = 0; i < history.length; i++) {
            points.add(DataPoint.apply(i, Option.apply(history[i])));
        }
        return !new AnomalyDetector(strategy)
                .isNewPointAnomalous(
                        JavaConverters.asScalaBuffer(points).toSeq(),
                        DataPoint.apply(history.length, Option.apply(current)))
                .anomalies()
                .isEmpty();
    }

    /** The points Deequ's isNewPointAnomalous flags when each point in turn is the new one after all before it. */
    private static List<Integer> deequRunByRun(
            com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy strategy, double[] series, int from) {
        List<Integer> found = new ArrayList<>();
        for (int i = from; i < series.length; i++) {
            if (deequNewPoint(strategy, Arrays.copyOf(series, i), series[i])) {
                found.add(i);
            }
        }
        return found;
    }

    private static List<Integer> deequDetect(
            com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy strategy, double[] series, int start, int end) {
        List<Object> boxed = new ArrayList<>();
        for (double value : series) {
            boxed.add(value);
        }
        Vector<Object> vector = JavaConverters.asScalaBuffer(boxed).toVector();
        return JavaConverters.seqAsJavaList(strategy.detect(vector, new Tuple2<Object, Object>(start, end))).stream()
                .map(found -> (Integer) found._1())
                .toList();
    }

    private static Option<Object> some(double value) {
        return Option.apply(value);
    }

    @Test
    void onlineNormalLeavesWhatItFlaggedOutAsDeequDoesSoTheSecondSpikeIsFound() {
        RuleSpec ignoring = rule(AnomalyStrategy.ONLINE_NORMAL).warmup(0.0).build();
        var deequIgnoring = new com.amazon.deequ.anomalydetection.OnlineNormalStrategy(some(3), some(3), 0.0, true);

        assertThat(runByRun(ignoring, TWO_SPIKES))
                .as("both spikes")
                .containsExactly(15, 25)
                .as("Deequ's strategy with ignoreAnomalies over the whole series")
                .isEqualTo(deequDetect(deequIgnoring, TWO_SPIKES, 0, TWO_SPIKES.length));

        RuleSpec keeping = rule(AnomalyStrategy.ONLINE_NORMAL)
                .warmup(0.0)
                .anomaly(null, null, null, false, null, null)
                .build();
        var deequKeeping = new com.amazon.deequ.anomalydetection.OnlineNormalStrategy(some(3), some(3), 0.0, false);
        assertThat(runByRun(keeping, TWO_SPIKES))
                .as("with ignore_anomalies: false the first spike hides the second")
                .containsExactly(15)
                .isEqualTo(deequDetect(deequKeeping, TWO_SPIKES, 0, TWO_SPIKES.length))
                .isEqualTo(deequRunByRun(deequKeeping, TWO_SPIKES, 1));
    }

    @Test
    void batchNormalLeavesWhatItFlaggedOutOfTheHistory() {
        RuleSpec ignoring = rule(AnomalyStrategy.BATCH_NORMAL).build();
        var deequ = new com.amazon.deequ.anomalydetection.BatchNormalStrategy(some(3), some(3), false);

        assertThat(runByRun(ignoring, TWO_SPIKES)).containsExactly(15, 25);
        double[] before25 = Arrays.copyOf(TWO_SPIKES, 25);
        double[] without15 = new double[24];
        System.arraycopy(before25, 0, without15, 0, 15);
        System.arraycopy(before25, 16, without15, 15, 9);
        assertThat(deequNewPoint(deequ, without15, TWO_SPIKES[25]))
                .as("Deequ flags run 25 on the history without the spike of run 15")
                .isTrue();
        assertThat(deequNewPoint(deequ, before25, TWO_SPIKES[25]))
                .as("and misses it with the spike in")
                .isFalse();

        RuleSpec keeping = rule(AnomalyStrategy.BATCH_NORMAL)
                .anomaly(null, null, null, false, null, null)
                .build();
        assertThat(runByRun(keeping, TWO_SPIKES))
                .as("ignore_anomalies: false judges as Deequ's isNewPointAnomalous on the raw history")
                .containsExactly(15)
                .isEqualTo(deequRunByRun(deequ, TWO_SPIKES, 2));
    }

    @Test
    void batchNormalMessageSaysWhatItLeftOut() {
        RuleSpec rule = rule(AnomalyStrategy.BATCH_NORMAL).build();
        boolean[] flagged = new boolean[25];
        flagged[15] = true;
        AnomalyVerdict verdict =
                AnomalyCheck.evaluate(rule, "row_count", Arrays.copyOf(TWO_SPIKES, 25), flagged, TWO_SPIKES[25]);
        assertThat(verdict.message())
                .startsWith("row_count 130 is an anomaly: expected ")
                .endsWith(" (batch_normal, 3 stddevs, 24 past runs, 1 flagged before and left out)");
    }

    @Test
    void changeStrategiesOfOrderTwoJudgeAsDeequ() {
        for (double[] limits : new double[][] {{-40, 40}, {Double.NaN, 25}}) {
            RuleSpec absolute = rule(AnomalyStrategy.ABSOLUTE_CHANGE)
                    .maxDecrease(Double.isNaN(limits[0]) ? null : limits[0])
                    .maxIncrease(limits[1])
                    .anomaly(2, null, null, null, null, null)
                    .build();
            var deequ = new com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy(
                    Double.isNaN(limits[0]) ? Option.empty() : some(limits[0]), some(limits[1]), 2);
            assertThat(runByRun(absolute, JUMPY))
                    .as("absolute_change, order 2, %s", Arrays.toString(limits))
                    .isNotEmpty()
                    .isEqualTo(deequRunByRun(deequ, JUMPY, 2));
        }
        double[] positive = Arrays.stream(JUMPY).map(v -> Math.abs(v) + 1).toArray();
        RuleSpec relative = rule(AnomalyStrategy.RELATIVE_RATE_OF_CHANGE)
                .maxDecrease(0.5)
                .maxIncrease(2.0)
                .anomaly(2, null, null, null, null, null)
                .build();
        var deequ = new com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy(some(0.5), some(2.0), 2);
        assertThat(runByRun(relative, positive))
                .as("relative_rate_of_change, order 2")
                .isNotEmpty()
                .isEqualTo(deequRunByRun(deequ, positive, 2));
        AnomalyVerdict notEnough = AnomalyCheck.evaluate(relative, "row_count", new double[] {100}, 500);
        assertThat(notEnough.message()).isEqualTo("row_count 500: not enough history: 1 of 2 past runs");
        assertThat(AnomalyCheck.evaluate(relative, "row_count", new double[] {100, 120}, 500)
                        .message())
                .isEqualTo("row_count 500 is an anomaly: expected 0.5x .. 2.0x the value 2 runs before, 100 (50 .. 200)"
                        + " (relative_rate_of_change, 2 past runs)");
    }

    @Test
    void oneSidedNormalStrategiesJudgeAsDeequ() {
        double[] drops = TWO_SPIKES.clone();
        drops[20] = 20;
        // Only drops: the spikes up pass, the drop is flagged.
        RuleSpec lowerOnly = rule(AnomalyStrategy.BATCH_NORMAL)
                .anomaly(null, 3.0, null, false, null, null)
                .build();
        var deequLower = new com.amazon.deequ.anomalydetection.BatchNormalStrategy(some(3), Option.empty(), false);
        assertThat(runByRun(lowerOnly, drops)).containsExactly(20).isEqualTo(deequRunByRun(deequLower, drops, 2));
        // Only rises, asymmetric factors on online_normal (ignore_anomalies: false is isNewPointAnomalous).
        RuleSpec upperOnly = rule(AnomalyStrategy.ONLINE_NORMAL)
                .warmup(0.0)
                .anomaly(null, null, 2.5, false, null, null)
                .build();
        var deequUpper =
                new com.amazon.deequ.anomalydetection.OnlineNormalStrategy(Option.empty(), some(2.5), 0.0, false);
        assertThat(runByRun(upperOnly, drops))
                .contains(15)
                .doesNotContain(20)
                .isEqualTo(deequRunByRun(deequUpper, drops, 1));
        RuleSpec asymmetric = rule(AnomalyStrategy.ONLINE_NORMAL)
                .warmup(0.0)
                .anomaly(null, 1.0, 4.0, null, null, null)
                .build();
        var deequAsymmetric = new com.amazon.deequ.anomalydetection.OnlineNormalStrategy(some(1), some(4), 0.0, true);
        assertThat(runByRun(asymmetric, drops))
                .isNotEmpty()
                .isEqualTo(deequDetect(deequAsymmetric, drops, 0, drops.length));
        assertThat(AnomalyCheck.evaluate(lowerOnly, "row_count", Arrays.copyOf(drops, 20), drops[20])
                        .message())
                .matches("row_count 20 is an anomaly: expected >= \\S+ \\(batch_normal, 3 stddevs below, 20 past"
                        + " runs\\)");
    }

    @Test
    void holtWintersTakesAnyPeriodAsDeequ() {
        // Cycles of four values, a period Deequ's enums do not name; judged from three cycles on, as Deequ's tests do.
        double[] cycle = {0, 80, 40, -120};
        Random random = new Random(3);
        double[] series = new double[28];
        for (int i = 0; i < series.length; i++) {
            series[i] = 500 + i + cycle[i % 4] + random.nextGaussian() * 8;
        }
        series[22] += 200;
        RuleSpec rule = rule(AnomalyStrategy.HOLT_WINTERS)
                .anomaly(null, null, null, null, 4, null)
                .build();
        assertThat(rule.historyOrDefault()).isEqualTo(60);
        List<Integer> strata = new ArrayList<>();
        for (int i = 12; i < series.length; i++) {
            if (AnomalyCheck.evaluate(rule, "row_count", Arrays.copyOf(series, i), series[i])
                    .anomalous()) {
                strata.add(i);
            }
        }
        assertThat(strata)
                .contains(22)
                .isEqualTo(deequRunByRun(new com.amazon.deequ.anomalydetection.seasonal.HoltWinters(4), series, 12));
        assertThat(AnomalyCheck.evaluate(rule, "row_count", Arrays.copyOf(series, 7), series[7])
                        .message())
                .endsWith("not enough history: 7 of 8 past runs");
    }
}
