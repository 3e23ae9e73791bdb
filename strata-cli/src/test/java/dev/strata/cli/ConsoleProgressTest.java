package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.ConsoleProgress.Display;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunEstimate;
import dev.strata.core.run.RunStatus;
import dev.strata.engine.run.DatasetPhase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private static final String UP = "\u001b[1A\u001b[2K";
    private static final List<String> DATASETS = List.of("bronze.orders", "silver.orders");

    private final StringWriter text = new StringWriter();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private ConsoleProgress progress(Display display) {
        return new ConsoleProgress(new PrintWriter(text), display, 80, nanos::get);
    }

    private void pass(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static DatasetResult result(String dataset, long rows, double seconds) {
        return new DatasetResult(
                dataset, RunStatus.SUCCEEDED, rows, rows, rows, 0, 0, List.of(), List.of(), List.of(), seconds, null);
    }

    /** bronze.orders read, checked, written and committed in 4 s; silver.orders then reading for 1 s. */
    private void twoDatasets(ConsoleProgress progress) {
        progress.expect(new RunEstimate(DATASETS, Map.of("bronze.orders", 10.0, "silver.orders", 30.0)));
        progress.datasetStarted("bronze.orders", 1, 2);
        progress.phaseStarted("bronze.orders", DatasetPhase.READING);
        progress.phaseStarted("bronze.orders", DatasetPhase.READING);
        pass(1);
        progress.phaseStarted("bronze.orders", DatasetPhase.CHECKING);
        progress.rowsProgress(1200, 0);
        pass(2);
        progress.phaseStarted("bronze.orders", DatasetPhase.WRITING);
        progress.rowsProgress(2400, 1150);
        pass(1);
        progress.phaseStarted("bronze.orders", DatasetPhase.COMMITTING);
        progress.datasetFinished(result("bronze.orders", 1150, 4.0));
        progress.datasetStarted("silver.orders", 2, 2);
        progress.phaseStarted("silver.orders", DatasetPhase.READING);
        pass(1);
    }

    @Test
    void printsOnePlainLinePerPhaseAndTheResultLineWhenNotOnATerminal() {
        try (ConsoleProgress progress = progress(Display.LINES)) {
            twoDatasets(progress);
            progress.datasetFinished(result("silver.orders", 1150, 2.0));
        }

        assertThat(text.toString())
                .as("no carriage return or escape in plain lines")
                .doesNotContain("\r", "\u001b")
                .isEqualTo("""
                        [1/2] bronze.orders: reading | 0 of 2 datasets done, 0s elapsed, about 40s left
                        [1/2] bronze.orders: checking | 0 of 2 datasets done, 1s elapsed, about 39s left
                        [1/2] bronze.orders: writing (1,200 rows read) | 0 of 2 datasets done, 3s elapsed, about 37s left
                        [1/2] bronze.orders: committing (2,400 rows read, 1,150 written) | 0 of 2 datasets done, 4s elapsed, about 36s left
                          bronze.orders                SUCCEEDED       in 1150, written 1150, quarantined 0, dropped 0 (4.0s)
                        [2/2] silver.orders: reading | 1 of 2 datasets done, 4s elapsed, about 30s left
                          silver.orders                SUCCEEDED       in 1150, written 1150, quarantined 0, dropped 0 (2.0s)
                        """);
    }

    @Test
    void redrawsTheOverallAndDatasetLinesInPlaceAndCollapsesAFinishedDatasetIntoItsResultLine() {
        try (ConsoleProgress progress = progress(Display.LIVE)) {
            progress.expect(new RunEstimate(DATASETS, Map.of("bronze.orders", 10.0, "silver.orders", 30.0)));
            progress.datasetStarted("bronze.orders", 1, 2);
            progress.phaseStarted("bronze.orders", DatasetPhase.READING);
            pass(3);
            progress.rowsProgress(1200, 0);
            progress.datasetFinished(result("bronze.orders", 1200, 3.0));
            progress.notice("schedule is used by the server");
        }

        assertThat(text.toString())
                .isEqualTo("Progress: 0 of 2 datasets done, 0s elapsed, about 40s left\n"
                        + "  [1/2] bronze.orders\n"
                        + UP + UP
                        + "Progress: 0 of 2 datasets done, 0s elapsed, about 40s left\n"
                        + "  [1/2] bronze.orders: reading\n"
                        + UP + UP
                        + "Progress: 0 of 2 datasets done, 3s elapsed, about 37s left\n"
                        + "  [1/2] bronze.orders: reading (1,200 rows read)\n"
                        + UP + UP
                        + "  bronze.orders                SUCCEEDED       in 1200, written 1200, quarantined 0,"
                        + " dropped 0 (3.0s)\n"
                        + "Progress: 1 of 2 datasets done, 3s elapsed, about 30s left\n"
                        + UP
                        + "note: schedule is used by the server\n"
                        + "Progress: 1 of 2 datasets done, 3s elapsed, about 30s left\n"
                        + UP);
    }

    @Test
    void redrawsRowsAtMostFiveTimesASecond() {
        try (ConsoleProgress progress = progress(Display.LIVE)) {
            progress.expect(RunEstimate.none(DATASETS));
            progress.datasetStarted("bronze.orders", 1, 2);
            progress.rowsProgress(10, 0);
            progress.rowsProgress(20, 0);
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
            progress.rowsProgress(30, 0);
        }

        assertThat(text.toString())
                .doesNotContain("(10 rows read)", "(20 rows read)")
                .contains("  [1/2] bronze.orders (30 rows read)\n");
    }

    @Test
    void showsNoEstimateWhenADatasetLeftToBuildHasNoPastBuild() {
        try (ConsoleProgress progress = progress(Display.LINES)) {
            progress.expect(new RunEstimate(DATASETS, Map.of("bronze.orders", 10.0)));
            progress.datasetStarted("bronze.orders", 1, 2);
            progress.phaseStarted("bronze.orders", DatasetPhase.READING);
            progress.datasetFinished(result("bronze.orders", 1, 12.0));
            progress.datasetStarted("silver.orders", 2, 2);
            progress.phaseStarted("silver.orders", DatasetPhase.READING);
        }

        assertThat(text.toString())
                .startsWith("[1/2] bronze.orders: reading | 0 of 2 datasets done, 0s elapsed\n")
                .endsWith("[2/2] silver.orders: reading | 1 of 2 datasets done, 0s elapsed\n");
    }

    @Test
    void printsOnlyResultLinesWithoutProgress() {
        try (ConsoleProgress progress = progress(Display.RESULTS)) {
            twoDatasets(progress);
        }

        assertThat(text.toString())
                .isEqualTo("  bronze.orders                SUCCEEDED       in 1150, written 1150, quarantined 0,"
                        + " dropped 0 (4.0s)\n");
    }

    @Test
    void cutsRedrawnLinesToTheTerminalsWidth() {
        StringWriter narrow = new StringWriter();
        try (ConsoleProgress progress = new ConsoleProgress(new PrintWriter(narrow), Display.LIVE, 20, nanos::get)) {
            progress.expect(RunEstimate.none(DATASETS));
            progress.datasetStarted("bronze.orders", 1, 2);
        }

        assertThat(narrow.toString()).isEqualTo("Progress: 0 of 2 da\n  [1/2] bronze.orde\n" + UP + UP);
    }

    @Test
    void writesDurationsInWholeSecondsMinutesAndHours() {
        assertThat(List.of(ConsoleProgress.duration(7.4), ConsoleProgress.duration(65), ConsoleProgress.duration(7380)))
                .containsExactly("7s", "1m05s", "2h03m");
        assertThat(ConsoleProgress.columns(null)).isEqualTo(80);
        assertThat(ConsoleProgress.columns("132")).isEqualTo(132);
        assertThat(ConsoleProgress.columns("wide")).isEqualTo(80);
    }
}
