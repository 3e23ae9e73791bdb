package dev.strata.server;

/** What an engine process's exit code and summary say about its run: a failure it reported, or a crash to retry. */
final class EngineExit {
    private EngineExit() {}

    /**
     * Whether the engine died rather than reported a failure: the CLI exits 1 for a failed run and 2 for bad input,
     * both after writing its summary or its error; any other code (a signal, an out-of-memory kill) is a crash.
     */
    static boolean crashed(int exit, RunSummary summary) {
        return summary == null && exit != 1 && exit != 2;
    }

    /** Why a run failed, for its message: the first failed dataset's reason, else what the exit code says. */
    static String failure(int exit, RunSummary summary) {
        if (exit == 2) {
            return "the engine refused the pipeline or its options (exit code 2); see the run's logs";
        }
        if (summary != null) {
            return summary.datasets().stream()
                    .filter(d -> d.outcome().state().equals("failed"))
                    .map(d -> d.outcome().dataset() + ": " + d.outcome().message())
                    .findFirst()
                    .orElse("the run failed (exit code " + exit + ")");
        }
        return "the engine exited with code " + exit + "; see the run's logs";
    }
}
