package dev.strata.cli;

import picocli.CommandLine.Option;

/** {@code --no-daemon}: run in this JVM rather than in the warm engine. */
final class DaemonOption {
    @Option(
            names = "--no-daemon",
            description = "Run in a JVM of its own, starting Spark anew, rather than in this user's warm engine"
                    + " (STRATA_DAEMON=off does so for every command).")
    boolean noDaemon;
}
