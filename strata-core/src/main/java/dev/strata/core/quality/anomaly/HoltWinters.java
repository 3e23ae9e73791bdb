package dev.strata.core.quality.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Flags a value further from its additive Holt-Winters forecast than 1.96 standard deviations of the model's absolute
 * one-step residuals, as Deequ's {@code HoltWinters}. The model learns from the values before the search interval, which
 * must hold two full periods; its smoothing parameters minimise the squared residuals within [0, 1]. Deequ fits them
 * with breeze's L-BFGS-B on a finite-difference gradient; this class uses commons-math's BOBYQA, which may stop at a
 * slightly different optimum, so forecasts agree with Deequ's closely but not to the last digit.
 */
public final class HoltWinters implements BoundedStrategy {
    private static final double[] INITIAL_PARAMETERS = {0.3, 0.1, 0.1};
    private static final double[] LOWER = {0, 0, 0};
    private static final double[] UPPER = {1, 1, 1};
    private static final double CONFIDENCE_FACTOR = 1.96;

    private final int period;

    /** The forecasts of the points after the training values, and the deviation a point may have from its forecast. */
    record Forecast(double[] values, double residualStdDev) {}

    /** One model run: the forecasts and the one-step residuals on the training values. */
    private record Model(double[] forecasts, double[] residuals) {}

    /** {@code period}: values per cycle, e.g. 7 for daily values with a weekly cycle. */
    public HoltWinters(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("The period must be at least 1, got " + period);
        }
        this.period = period;
    }

    public int period() {
        return period;
    }

    /** The history the first point searched needs: two full periods. */
    public int minimumHistory() {
        return 2 * period;
    }

    @Override
    public List<Anomaly> detect(double[] series, int start, int end) {
        Forecast forecast = forecast(series, start, end);
        double allowed = CONFIDENCE_FACTOR * forecast.residualStdDev();
        List<Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < Math.min(forecast.values().length, series.length - start); i++) {
            double value = series[start + i];
            double expected = forecast.values()[i];
            if (Math.abs(value - expected) > allowed) {
                anomalies.add(
                        new Anomaly(start + i, value, 1.0, "Forecasted " + expected + " for observed value " + value));
            }
        }
        return List.copyOf(anomalies);
    }

    @Override
    public Bounds bounds(double[] series, int index) {
        Forecast forecast = forecast(series, index, index + 1);
        double allowed = CONFIDENCE_FACTOR * forecast.residualStdDev();
        return new Bounds(forecast.values()[0] - allowed, forecast.values()[0] + allowed);
    }

    /** Fits the model to the values before {@code start} and forecasts the points in {@code [start, end)}. */
    Forecast forecast(double[] series, int start, int end) {
        if (series.length == 0) {
            throw new IllegalArgumentException("Provided data series is empty");
        }
        if (start >= end) {
            throw new IllegalArgumentException("Start must be before end");
        }
        if (start < 0) {
            throw new IllegalArgumentException("The search interval needs to be strictly positive");
        }
        if (start < minimumHistory()) {
            throw new IllegalArgumentException("Need at least two full cycles of data to estimate model");
        }
        int horizon = start >= series.length ? 1 : Math.min(end, series.length) - start;
        double[] training = Arrays.copyOfRange(series, 0, Math.min(start, series.length));
        double[] parameters = fit(training, horizon);
        Model model = model(training, horizon, parameters[0], parameters[1], parameters[2]);
        double[] absoluteResiduals =
                Arrays.stream(model.residuals()).map(Math::abs).toArray();
        return new Forecast(
                model.forecasts(),
                MeanAndVariance.of(absoluteResiduals, 0, absoluteResiduals.length)
                        .stdDev());
    }

    /** The smoothing parameters (alpha, beta, gamma) in [0, 1] that minimise the squared one-step residuals. */
    private double[] fit(double[] training, int horizon) {
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * INITIAL_PARAMETERS.length + 1, 0.05, 1e-8);
        PointValuePair optimum = optimizer.optimize(
                new MaxEval(20_000),
                new ObjectiveFunction(
                        parameters -> sumOfSquares(model(training, horizon, parameters[0], parameters[1], parameters[2])
                                .residuals())),
                GoalType.MINIMIZE,
                new InitialGuess(INITIAL_PARAMETERS.clone()),
                new SimpleBounds(LOWER.clone(), UPPER.clone()));
        return optimum.getPoint();
    }

    private static double sumOfSquares(double[] residuals) {
        double sum = 0;
        for (double residual : residuals) {
            sum += Math.pow(residual, 2);
        }
        return sum;
    }

    /**
     * Triple exponential smoothing with additive trend and seasonality, ETS(A, A), step for step as Deequ's {@code
     * additiveHoltWinters}: the level starts at the first period's mean, the trend at the difference of the first two
     * periods' means over the period, the seasonal terms at the first period minus that level.
     */
    private Model model(double[] series, int horizon, double alpha, double beta, double gamma) {
        int length = series.length;
        int seasons = Math.min(period, length);
        double firstPeriodSum = sum(series, 0, seasons);
        double secondPeriodSum = sum(series, Math.min(period, length), Math.min(2 * period, length));
        double[] level = new double[length + horizon + 1];
        double[] trend = new double[length + horizon + 1];
        double[] seasonality = new double[seasons + length + horizon];
        double[] fitted = new double[length + horizon + 1];
        double[] observed = Arrays.copyOf(series, length + horizon);
        level[0] = firstPeriodSum / (double) period;
        trend[0] = (secondPeriodSum - firstPeriodSum) / ((double) period * (double) period);
        for (int i = 0; i < seasons; i++) {
            seasonality[i] = series[i] - level[0];
        }
        fitted[0] = level[0] + trend[0] + seasonality[0];
        for (int t = 0; t < length + horizon; t++) {
            if (t >= length) {
                observed[t] = level[t] + trend[t] + seasonality[seasons + t - period];
            }
            level[t + 1] = alpha * (observed[t] - seasonality[t]) + (1 - alpha) * (level[t] + trend[t]);
            trend[t + 1] = beta * (level[t + 1] - level[t]) + (1 - beta) * trend[t];
            seasonality[seasons + t] = gamma * (observed[t] - level[t] - trend[t]) + (1 - gamma) * seasonality[t];
            fitted[t + 1] = level[t + 1] + trend[t + 1] + seasonality[t + 1];
        }
        double[] residuals = new double[length];
        for (int t = 0; t < length; t++) {
            residuals[t] = series[t] - fitted[t];
        }
        return new Model(Arrays.copyOfRange(observed, length, length + horizon), residuals);
    }

    private static double sum(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }
}
