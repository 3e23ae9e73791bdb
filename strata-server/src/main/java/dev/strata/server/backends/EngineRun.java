package dev.strata.server.backends;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** One run's engine, as its back-end started it. */
public interface EngineRun {
    /** How long an engine has to stop once asked, before it is stopped forcibly. */
    Duration KILL_GRACE = Duration.ofSeconds(10);

    /** The engine's process on the server's host, recorded with the run; null when it runs elsewhere. */
    Long pid();

    /** Waits at most {@code timeout} for the engine to end: its exit code (0: it succeeded), or empty while it runs. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException;

    /** Why the engine failed, when its back-end knows better than its exit code (e.g. Argo's message). */
    default Optional<String> failure() {
        return Optional.empty();
    }

    /** Stops the engine with everything it started; returns once it is gone, or after {@link #KILL_GRACE}. */
    void kill();
}
