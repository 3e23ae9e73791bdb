package dev.strata.server.backends;

import dev.strata.store.RunRepository.StoredRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends a run's engine process with everything it started: its children first asked, then forced after a grace. */
final class ProcessTrees {
    /** How long a process tree has to exit once asked, before it is killed forcibly. */
    static final Duration KILL_GRACE = EngineRun.KILL_GRACE;

    private ProcessTrees() {}

    /** Stops the children and the process, then their descendants; forcibly after a grace period. */
    static void kill(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        for (ProcessHandle p : tree) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** A dead server's child may outlive it, on this host: kill it, if it is still the run's process. */
    static void killLeftover(StoredRun orphan) {
        if (orphan.pid() == null) {
            return;
        }
        ProcessHandle.of(orphan.pid())
                .filter(p -> p.info()
                        .arguments()
                        .map(a -> List.of(a).contains(orphan.id()))
                        .orElse(false))
                .ifPresent(ProcessTrees::kill);
    }
}
