package dev.strata.cli;

import dev.strata.core.config.Config;
import dev.strata.core.config.LauncherConfig;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunEstimate;
import dev.strata.engine.run.DatasetPhase;
import dev.strata.engine.run.RunListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A run's progress. On a terminal: one overall line (datasets done of total, elapsed, time left from past runs) and a
 * line for each dataset being built (its phase, and the rows Spark has read and written), redrawn in place; a finished
 * dataset's line gives way to its result line. Elsewhere: one plain line per phase a dataset enters, and its result
 * line.
 */
final class ConsoleProgress implements RunListener, AutoCloseable {
    /** How progress is shown. */
    enum Display {
        /** Redrawn in place, on a terminal. */
        LIVE,
        /** One plain line per phase a dataset enters, when the output is not a terminal. */
        LINES,
        /** Only each dataset's result line ({@code --no-progress}). */
        RESULTS
    }

    /** Erases the line above the cursor and leaves the cursor at its start. */
    private static final String ERASE_LINE_ABOVE = "\u001b[1A\u001b[2K";
    /** Rows are redrawn at most this often; a phase change is drawn at once. */
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final PrintWriter out;
    private final Display display;
    private final int width;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private ScheduledExecutorService ticker;
    private RunEstimate estimate = RunEstimate.none(List.of());
    private int total;
    private int done;
    /** The datasets being built, in the order they started: one, or several when the run builds them at once. */
    private final Map<String, Building> building = new LinkedHashMap<>();

    private int drawnLines;
    private long drawnNanos;

    /** Where one dataset being built is. */
    private static final class Building {
        final int index;
        final long startedNanos;
        DatasetPhase phase;
        long rowsRead;
        long rowsWritten;

        Building(int index, long startedNanos) {
            this.index = index;
            this.startedNanos = startedNanos;
        }
    }

    /**
     * Progress written to {@code out} as {@code display} says; redrawn lines are cut to {@code width} columns. {@code
     * nanoClock} is {@link System#nanoTime}, or a test's clock.
     */
    ConsoleProgress(PrintWriter out, Display display, int width, LongSupplier nanoClock) {
        this.out = out;
        this.display = display;
        this.width = width;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
    }

    /**
     * Progress on the console; when {@link Display#LIVE}, redrawn once a second (so that the elapsed time moves) on a
     * terminal as wide as {@code COLUMNS} says (80 when unset).
     */
    static ConsoleProgress onConsole(PrintWriter out, Display display) {
        ConsoleProgress progress = new ConsoleProgress(
                out, display, columns(Config.read(LauncherConfig.TERMINAL_COLUMNS, System.getenv())), System::nanoTime);
        if (display == Display.LIVE) {
            progress.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "strata-progress");
                thread.setDaemon(true);
                return thread;
            });
            progress.ticker.scheduleAtFixedRate(progress::redraw, 1, 1, TimeUnit.SECONDS);
        }
        return progress;
    }

    static int columns(String columns) {
        try {
            return columns == null ? 80 : Math.max(20, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** The run's datasets in build order, with how long each took in past runs. */
    synchronized void expect(RunEstimate runEstimate) {
        this.estimate = runEstimate;
        this.total = runEstimate.datasets().size();
    }

    @Override
    public synchronized void datasetStarted(String name, int position, int count) {
        building.put(name, new Building(position, nanoClock.getAsLong()));
        total = count;
        draw();
    }

    @Override
    public synchronized void phaseStarted(String name, DatasetPhase next) {
        Building dataset = building.get(name);
        if (dataset == null || next == dataset.phase) {
            return;
        }
        dataset.phase = next;
        if (display == Display.LINES) {
            out.println(datasetLine(name, dataset).strip() + " | " + overallLine());
            out.flush();
        } else {
            draw();
        }
    }

    @Override
    public synchronized void rowsProgress(long read, long written) {
        if (building.size() == 1) {
            rowsProgress(building.keySet().iterator().next(), read, written);
        }
    }

    @Override
    public synchronized void rowsProgress(String name, long read, long written) {
        Building dataset = building.get(name);
        if (dataset == null) {
            return;
        }
        dataset.rowsRead = read;
        dataset.rowsWritten = written;
        if (display == Display.LIVE && nanoClock.getAsLong() - drawnNanos >= REDRAW_NANOS) {
            draw();
        }
    }

    @Override
    public synchronized void datasetFinished(DatasetResult result) {
        erase();
        done++;
        building.remove(result.dataset());
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
        draw();
    }

    @Override
    public synchronized void notice(String message) {
        erase();
        out.println("note: " + message);
        draw();
    }

    /** Erases the lines drawn on a terminal, so that what follows starts where they began. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        erase();
        building.clear();
        total = 0;
    }

    private synchronized void redraw() {
        if (drawnLines > 0) {
            draw();
        }
    }

    /** On a terminal: the overall line, then each dataset's being built, in place of those drawn before. */
    private void draw() {
        if (display == Display.LIVE && total > 0) {
            erase();
            List<String> lines = new ArrayList<>();
            lines.add("Progress: " + overallLine());
            building.forEach((name, dataset) -> lines.add(datasetLine(name, dataset)));
            for (String line : lines) {
                out.println(line.length() < width ? line : line.substring(0, width - 1));
            }
            drawnLines = lines.size();
            drawnNanos = nanoClock.getAsLong();
        }
        out.flush();
    }

    private void erase() {
        if (drawnLines > 0) {
            out.print(ERASE_LINE_ABOVE.repeat(drawnLines));
            drawnLines = 0;
        }
    }

    /** E.g. {@code 2 of 5 datasets done, 1m05s elapsed, about 40s left}. */
    private String overallLine() {
        long now = nanoClock.getAsLong();
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT, "%d of %d datasets done, %s elapsed", done, total, duration((now - startedNanos) / 1e9)));
        double current = building.values().stream()
                .mapToDouble(dataset -> (now - dataset.startedNanos) / 1e9)
                .max()
                .orElse(0);
        OptionalDouble left = estimate.secondsLeft(done, current);
        if (left.isPresent()) {
            line.append(
                    left.getAsDouble() < 1
                            ? ", longer than usual"
                            : ", about " + duration(left.getAsDouble()) + " left");
        }
        return line.toString();
    }

    /** E.g. {@code   [3/5] silver.orders: writing (12,345 rows read, 12,000 written)}. */
    private String datasetLine(String name, Building dataset) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  [%d/%d] %s", dataset.index, total, name));
        if (dataset.phase != null) {
            line.append(": ").append(dataset.phase.name().toLowerCase(Locale.ROOT));
        }
        if (dataset.rowsRead > 0 || dataset.rowsWritten > 0) {
            line.append(String.format(Locale.ROOT, " (%,d rows read", dataset.rowsRead));
            if (dataset.rowsWritten > 0) {
                line.append(String.format(Locale.ROOT, ", %,d written", dataset.rowsWritten));
            }
            line.append(')');
        }
        return line.toString();
    }

    /** Whole seconds, e.g. {@code 7s}, {@code 1m05s}, {@code 2h03m}. */
    static String duration(double seconds) {
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + "s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole % 3600 / 60);
    }
}
