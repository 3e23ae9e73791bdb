package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-of-run table's lines about a full refresh or a backfill. */
class SummaryTableTest {
    private static final Instant START = Instant.parse("2026-11-01T08:00:00Z");

    private static RunResult run(Reprocessing reprocessing) {
        DatasetResult bronze = new DatasetResult(
                "bronze.orders", RunStatus.SUCCEEDED, 5, 0, 5, 0, 0, List.of(), List.of(), List.of(), 1.0, null);
        return new RunResult("r1", "p", RunStatus.SUCCEEDED, START, START.plusSeconds(2), 1.0, List.of(bronze))
                .withReprocessing(reprocessing);
    }

    @Test
    void saysWhatAFullRefreshRebuiltAndHowManyLedgerEntriesItReset() {
        Map<String, Integer> resets = new LinkedHashMap<>();
        resets.put("bronze.orders", 2);
        resets.put("silver.orders", 1);

        String summary = SummaryTable.render(run(Reprocessing.fullRefresh().withResets(resets)), "/lake");

        assertThat(summary)
                .contains("\nFull refresh: rebuilt bronze.orders (reset 2 ledger entries), silver.orders (reset 1"
                        + " ledger entry)\n");
    }

    @Test
    void namesABackfillsWindow() {
        String summary = SummaryTable.render(run(Reprocessing.backfill(START, START.plusSeconds(86_400))), "/lake");

        assertThat(summary)
                .contains(
                        "\nBackfill of [2026-11-01T08:00:00Z, 2026-11-02T08:00:00Z): the source files modified, and the Kafka"
                                + " records stamped, in that window\n");
        assertThat(SummaryTable.render(run(null), "/lake"))
                .doesNotContain("refresh")
                .doesNotContain("Backfill");
    }
}
