package dev.strata.cli;

import dev.strata.core.run.DatasetResult;
import dev.strata.engine.run.RunListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar per dataset on a terminal; one line per finished dataset otherwise. */
final class ConsoleProgress implements RunListener, AutoCloseable {
    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar current;

    ConsoleProgress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public synchronized void datasetStarted(String dataset, int index, int total) {
        if (bar) {
            current = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "[%d/%d] %s", index, total, dataset))
                    .setInitialMax(1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(200)
                    .hideEta()
                    .build();
        }
    }

    @Override
    public synchronized void tasksProgress(long done, long submitted) {
        if (current != null) {
            current.maxHint(Math.max(1, submitted));
            current.stepTo(done);
        }
    }

    @Override
    public synchronized void datasetFinished(DatasetResult result) {
        if (current != null) {
            current.stepTo(current.getMax());
            current.close();
            current = null;
        }
        out.printf(
                Locale.ROOT,
                "  %-28s %-15s in %d, written %d, quarantined %d, dropped %d (%.1fs)%n",
                result.dataset(),
                result.status(),
                result.rowsIn(),
                result.rowsWritten(),
                result.rowsQuarantined(),
                result.rowsDropped(),
                result.seconds());
        out.flush();
    }

    @Override
    public void notice(String message) {
        out.println("note: " + message);
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
