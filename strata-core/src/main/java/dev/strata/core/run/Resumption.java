package dev.strata.core.run;

import java.util.List;
import java.util.Map;

/**
 * Which datasets a resume of a run builds again: those the run selected and did not finish, i.e. that failed, that were
 * not built because something upstream failed, or that the run never reached (it was cancelled, or crashed). What
 * succeeded is left alone; the ledger keeps even a retried batch exactly-once.
 */
public final class Resumption {
    private Resumption() {}

    /**
     * The datasets of {@code selected}, in its order, whose outcome in {@code outcomes} is neither SUCCEEDED nor
     * SKIPPED.
     */
    public static List<String> datasets(List<String> selected, Map<String, RunStatus> outcomes) {
        return selected.stream()
                .filter(name -> {
                    RunStatus status = outcomes.get(name);
                    return status != RunStatus.SUCCEEDED && status != RunStatus.SKIPPED;
                })
                .toList();
    }

    /** The datasets as a selection ({@code --only}) of exactly them, e.g. {@code bronze.customers gold.joined}. */
    public static String selector(List<String> datasets) {
        return String.join(" ", datasets);
    }
}
