package dev.strata.cli;

/**
 * Options for the engine JVMs that tests start through {@code bin/strata} or {@code strata serve} (as {@code
 * STRATA_JAVA_OPTS}, which both pass on). C1 only: a test's run is seconds of Spark on a few hundred rows and ends
 * before C2's compiles pay off; the retail example's {@code strata run} took a third less CPU this way (user time 56 s
 * against 38 s, two runs of each, alternating).
 */
final class ChildJvms {
    static final String ENGINE_OPTIONS = "-XX:TieredStopAtLevel=1";

    /**
     * The same for a test cluster's executors, as a Spark setting: each runs a few seconds of tasks (the Master's and
     * Workers' own JVMs get {@link #ENGINE_OPTIONS} from {@link SparkCluster}).
     */
    static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions=" + ENGINE_OPTIONS;

    private ChildJvms() {}
}
