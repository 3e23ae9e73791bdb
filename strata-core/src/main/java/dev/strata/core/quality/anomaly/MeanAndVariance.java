package dev.strata.core.quality.anomaly;

/**
 * Mean and sample standard deviation in one pass. This is breeze's {@code meanAndVariance} operation for operation (a
 * variance of 0 below two values), so that bounds equal Deequ's to the last bit rather than to a rounding error.
 */
record MeanAndVariance(double mean, double variance) {
    static MeanAndVariance of(double[] values, int from, int to) {
        double mean = 0;
        double sum = 0;
        long count = 0;
        for (int i = from; i < to; i++) {
            count++;
            double delta = values[i] - mean;
            mean = mean + delta / count;
            sum = sum + (count - 1) * delta / count * delta;
        }
        return new MeanAndVariance(mean, count > 1 ? sum / (count - 1) : 0);
    }

    /** Of the values outside {@code [from, to)}, either end clamped to the series: the history around an interval. */
    static MeanAndVariance excluding(double[] values, int from, int to) {
        int before = Math.min(from, values.length);
        int after = Math.min(Math.max(to, before), values.length);
        double[] rest = new double[before + values.length - after];
        System.arraycopy(values, 0, rest, 0, before);
        System.arraycopy(values, after, rest, before, values.length - after);
        return of(rest, 0, rest.length);
    }

    double stdDev() {
        return Math.sqrt(variance);
    }
}
