package dev.strata.cli;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunStatus;
import dev.strata.engine.run.DatasetPhase;
import dev.strata.engine.run.RunListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * What Ctrl-C (SIGINT, or a SIGTERM) does to a CLI run: says which datasets the run committed and which one it
 * interrupted, with what the ledger keeps pending for the next run, then stops the metadata store (the embedded
 * PostgreSQL) cleanly; the JVM then exits 130 (143 for SIGTERM).
 *
 * <p>It is a hook of Hadoop's shutdown hook manager, ordered before Spark's hooks (which stop the SparkContext) and
 * Hadoop's file systems' (which close them), so the file ledger can still be read. The pipeline's lock is left to the
 * process's end: the run's last write may still be under way while the hook runs, and a waiting run must not start
 * before it stops.
 */
final class RunInterruption implements AutoCloseable {
    /** Before Spark's hooks ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}) and the file systems' own. */
    private static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 50;

    private final PrintWriter out;
    private final String runId;
    private final AutoCloseable store;
    private final Runnable hook = this::interrupted;
    private final List<String> committed = new ArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private RunListener next = RunListener.NONE;
    private Ledger ledger;
    /** The datasets being built: one, or several when the run builds datasets at once. */
    private final Set<String> current = new LinkedHashSet<>();

    private int total;
    private int started;
    private boolean interrupted;
    private boolean finished;

    private RunInterruption(PrintWriter out, String runId, AutoCloseable store) {
        this.out = out;
        this.runId = runId;
        this.store = store;
    }

    /** Watches run {@code runId} from now on; {@code store} is stopped when the run is interrupted. */
    static RunInterruption watch(PrintWriter out, String runId, AutoCloseable store) {
        RunInterruption interruption = new RunInterruption(out, runId, store);
        ShutdownHookManager.get().addShutdownHook(interruption.hook, PRIORITY, 60, TimeUnit.SECONDS);
        return interruption;
    }

    /** The ledger the run records in, read when it is interrupted. */
    synchronized void ledger(Ledger ledger) {
        this.ledger = ledger;
    }

    /** {@code next}, heard until the run is interrupted, with each dataset's start and outcome noted. */
    RunListener listening(RunListener listener) {
        synchronized (this) {
            next = listener;
        }
        return new RunListener() {
            @Override
            public void datasetStarted(String dataset, int index, int count) {
                synchronized (RunInterruption.this) {
                    if (interrupted) {
                        return;
                    }
                    current.add(dataset);
                    total = count;
                    started = Math.max(started, index);
                }
                listener.datasetStarted(dataset, index, count);
            }

            @Override
            public void phaseStarted(String dataset, DatasetPhase phase) {
                if (!isInterrupted()) {
                    listener.phaseStarted(dataset, phase);
                }
            }

            @Override
            public void rowsProgress(long read, long written) {
                if (!isInterrupted()) {
                    listener.rowsProgress(read, written);
                }
            }

            @Override
            public void rowsProgress(String dataset, long read, long written) {
                if (!isInterrupted()) {
                    listener.rowsProgress(dataset, read, written);
                }
            }

            @Override
            public void datasetFinished(DatasetResult result) {
                synchronized (RunInterruption.this) {
                    if (interrupted) {
                        return;
                    }
                    if (result.status() == RunStatus.SUCCEEDED) {
                        committed.add(result.dataset());
                    }
                    current.remove(result.dataset());
                }
                listener.datasetFinished(result);
            }

            @Override
            public void notice(String message) {
                if (!isInterrupted()) {
                    listener.notice(message);
                }
            }
        };
    }

    private synchronized boolean isInterrupted() {
        return interrupted;
    }

    private void interrupted() {
        synchronized (this) {
            if (finished) {
                return;
            }
            interrupted = true;
        }
        if (next instanceof AutoCloseable progress) {
            try {
                progress.close();
            } catch (Exception e) {
                // The progress bar's last line; the summary below matters more.
            }
        }
        out.println();
        for (String line : summary()) {
            out.println(line);
        }
        out.flush();
        try {
            store.close();
        } catch (Exception e) {
            out.println("warn  the metadata store did not stop cleanly: " + e.getMessage());
            out.flush();
        }
    }

    /** What the run committed, what it interrupted and what the ledger keeps for the next run. */
    synchronized List<String> summary() {
        List<String> lines = new ArrayList<>();
        List<String> interruptedLines = new ArrayList<>();
        for (String interruptedDataset : current) {
            PendingBatch pending = null;
            boolean committedJustNow = false;
            if (ledger != null) {
                try {
                    pending = ledger.pending(interruptedDataset);
                    committedJustNow = pending == null && ledger.entry(interruptedDataset, runId) != null;
                } catch (RuntimeException e) {
                    lines.add("warn  cannot read the ledger: " + e.getMessage());
                }
            }
            if (committedJustNow) {
                committed.add(interruptedDataset);
            } else if (pending != null) {
                interruptedLines.add("  interrupted: " + interruptedDataset + "; its batch (run " + pending.runId()
                        + ") is pending in the ledger: the next `strata run` finishes it first, with the same input");
            } else {
                interruptedLines.add("  interrupted: " + interruptedDataset
                        + " before it began writing: nothing of it was written, and the next run builds it");
            }
        }
        lines.add("Interrupted: run " + runId + " stopped before it finished.");
        lines.add("  committed in this run: " + (committed.isEmpty() ? "nothing" : String.join(", ", committed)));
        if (interruptedLines.isEmpty()) {
            lines.add("  no dataset was being built: nothing is left pending");
        }
        lines.addAll(interruptedLines);
        int notStarted = total - started;
        if (total > 0 && notStarted > 0) {
            lines.add(String.format(Locale.ROOT, "  not started: %d of %d dataset(s)", notStarted, total));
        }
        return lines;
    }

    /**
     * Ends the watch when the run ended by itself; a run the hook interrupted never returns from here, since the JVM
     * is exiting and whatever the run printed now would follow the summary.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!interrupted) {
                finished = true;
            }
        }
        if (!isInterrupted()) {
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                ShutdownHookManager.get().removeShutdownHook(hook);
            }
            return;
        }
        while (true) {
            try {
                never.await();
            } catch (InterruptedException e) {
                // Still exiting.
            }
        }
    }
}
