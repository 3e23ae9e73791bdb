package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata run --full-refresh} and {@code --from/--to}: what cannot be done safely is refused before Spark starts,
 * with exit 2 and one message naming every problem.
 */
class RunReprocessingOptionsTest {
    private static final String RETAIL = "../examples/retail/pipeline.yaml";

    @TempDir
    Path dir;

    @Test
    void refusesABackfillWithAFullRefresh() {
        Invocation run = strata(
                "run", RETAIL, "--full-refresh", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Cannot use --from/--to with --full-refresh: a backfill re-reads a window of source files,"
                        + " a full refresh all of them (choose one)")
                .doesNotContain("Exception");
    }

    @Test
    void refusesABackfillWithAResume() {
        Invocation run = strata(
                "run", RETAIL, "--resume", "r1", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Cannot use --from/--to with --resume");
    }

    @Test
    void refusesHalfAWindowAndAnEmptyOne() {
        Invocation half = strata("run", RETAIL, "--from", "2026-11-01T00:00:00Z");
        Invocation empty = strata("run", RETAIL, "--from", "2026-11-02T00:00:00Z", "--to", "2026-11-01T00:00:00Z");

        assertThat(half.exitCode()).isEqualTo(2);
        assertThat(half.err()).contains("Cannot backfill: --from is given without --to (give both, e.g. --from");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("the window is empty (--to must come after --from)");
    }

    @Test
    void refusesWhatAFullRefreshOrABackfillCannotRedoSafely() throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: mixed
                storage: {root: %s}
                sources:
                  orders_raw: {format: csv, path: %s, schema: "id STRING"}
                  payments: {format: kafka, topic: payments, bootstrap_servers: "127.0.0.1:9", schema: "id STRING"}
                datasets:
                  bronze.orders: {from: orders_raw}
                  bronze.payments: {from: payments}
                  silver.orders: {from: bronze.orders}
                  silver.cancelled:
                    from: bronze.orders
                    write: {mode: delete, keys: [id]}
                """.formatted(dir.resolve("lake"), dir.resolve("in")), StandardCharsets.UTF_8);

        Invocation refresh = strata("run", file.toString(), "--full-refresh");
        Invocation backfill =
                strata("run", file.toString(), "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z");

        assertThat(refresh.exitCode()).isEqualTo(2);
        assertThat(refresh.err())
                .contains("Cannot fully refresh pipeline.yaml:")
                .contains("datasets.silver.cancelled: write.mode delete only removes keys from its table")
                .as("a Kafka dataset is refreshed from the retained topic")
                .doesNotContain("bronze.payments");
        assertThat(backfill.exitCode()).isEqualTo(2);
        assertThat(backfill.err())
                .contains("Cannot backfill pipeline.yaml:")
                .doesNotContain("bronze.payments")
                .contains("datasets.silver.orders: appends what it reads from bronze.orders, so it would load the"
                        + " backfilled rows again (give it write.mode: merge with keys, or rebuild it after the"
                        + " backfill with --full-refresh --only silver.orders)");
    }
}
