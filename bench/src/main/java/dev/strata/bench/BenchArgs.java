package dev.strata.bench;

import java.util.Arrays;

/** The benchmarks' command-line options. */
final class BenchArgs {
    private BenchArgs() {}

    /** The value after {@code name}, or {@code fallback} when the option is absent. */
    static String arg(String[] args, String name, String fallback) {
        int at = Arrays.asList(args).indexOf(name);
        return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
    }
}
