package dev.strata.bench;

import java.util.function.Supplier;

/**
 * The benchmarks' measuring loop: warm-ups of both sides first (the JIT and Spark's code paths), then rounds that
 * alternate which side runs first, so that drift (GC, page cache) does not favour one side.
 */
final class Rounds {
    private Rounds() {}

    /** One run of one side, returning its seconds; {@code run} names it for its work folder. */
    @FunctionalInterface
    interface Side {
        double run(Run run);
    }

    /** What a benchmark prints (or measures besides) after each measured round. */
    @FunctionalInterface
    interface Report {
        void round(int round, double firstSeconds, double secondSeconds);
    }

    /** A warm-up or a measured round, by its number (each counted from 1). */
    record Run(boolean warmup, int number) {
        /** A folder name for one side's run: {@code warm-strata-1} for a warm-up, {@code strata-3} for round 3. */
        String folder(String side) {
            return (warmup ? "warm-" : "") + side + "-" + number;
        }
    }

    /** {@code warmups} unrecorded runs of both sides, then {@code rounds} measured ones in alternating order. */
    static Comparison measure(int warmups, int rounds, Side first, Side second, Report report) {
        for (int warmup = 1; warmup <= warmups; warmup++) {
            first.run(new Run(true, warmup));
            second.run(new Run(true, warmup));
        }
        Comparison comparison = new Comparison();
        for (int round = 1; round <= rounds; round++) {
            Run run = new Run(false, round);
            Both<Double> seconds = alternate(round, () -> first.run(run), () -> second.run(run));
            comparison.add(seconds.first(), seconds.second());
            report.round(round, seconds.first(), seconds.second());
        }
        return comparison;
    }

    /** What both sides of one round returned. */
    record Both<T>(T first, T second) {}

    /**
     * Runs both sides once, the first side first in odd rounds and the second first in even ones (round 0 and below
     * count too, for warm-ups numbered that way).
     */
    static <T> Both<T> alternate(int round, Supplier<T> first, Supplier<T> second) {
        if (Math.floorMod(round, 2) == 1) {
            T a = first.get();
            return new Both<>(a, second.get());
        }
        T b = second.get();
        return new Both<>(first.get(), b);
    }

    /** The seconds {@code work} takes. */
    static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
