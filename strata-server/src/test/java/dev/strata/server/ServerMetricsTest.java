package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.RunRepository.DatasetOutcome;
import dev.strata.store.RunRepository.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus lines the server exports for finished runs. */
class ServerMetricsTest {
    private static final String SCORE = "strata_quality_score{dataset=\"silver.orders\",pipeline=\"orders\"} ";

    private final ServerMetrics metrics = new ServerMetrics();

    @Test
    void aRunWithNoNewInputKeepsTheLastBatchsQualityScore() {
        finish(dataset(200, 4, 1));
        assertThat(scoreLines()).containsExactly(SCORE + "0.25");

        finish(dataset(0, 0, 0));

        assertThat(scoreLines()).as("no rows and no rules judged").containsExactly(SCORE + "0.25");
    }

    @Test
    void aBatchWithRowsSetsTheScore() {
        finish(dataset(200, 4, 1));
        finish(dataset(60, 4, 4));

        assertThat(scoreLines()).containsExactly(SCORE + "1.0");
    }

    @Test
    void anEmptyBatchWhoseRulesWereJudgedSetsTheScore() {
        finish(dataset(200, 2, 2));
        finish(dataset(0, 2, 1));

        assertThat(scoreLines()).as("a row_count rule failed on no rows").containsExactly(SCORE + "0.5");
    }

    @Test
    void aDatasetThatNeverReadRowsHasNoScoreYet() {
        finish(dataset(0, 0, 0));

        assertThat(scoreLines()).isEmpty();
    }

    private void finish(RunSummary.Dataset dataset) {
        metrics.finished(
                "orders",
                State.SUCCEEDED,
                Duration.ofSeconds(3),
                new RunSummary("{}", List.of(dataset)),
                Instant.EPOCH);
    }

    private static RunSummary.Dataset dataset(long rowsIn, int rules, int passed) {
        DatasetOutcome outcome = new DatasetOutcome(
                "silver.orders",
                "succeeded",
                rowsIn,
                rowsIn,
                0,
                0,
                1.0,
                rowsIn == 0 && rules == 0 ? "no new input" : null,
                1,
                List.of(),
                null,
                null);
        return new RunSummary.Dataset(outcome, rules, passed, 0);
    }

    private List<String> scoreLines() {
        return metrics.scrape()
                .lines()
                .filter(l -> l.startsWith("strata_quality_score{"))
                .toList();
    }
}
