package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.error.StrataException;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunResult;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.ledger.LedgerSource;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.store.HistoryImport;
import dev.strata.store.MetadataStore;
import dev.strata.store.ScratchDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata quality import-history}: a backfilled history in the metadata store (the machine's PostgreSQL), which
 * anomaly rules judge a pipeline's first run against; and the file checks, which import nothing when a row is bad.
 */
class HistoryImportIT {
    private static final String PIPELINE = """
            name: imported
            sources:
              raw: {format: csv, path: in/, options: {header: "true"}, schema: "id INT"}
            datasets:
              bronze.orders:
                from: raw
                write: {mode: append}
                expect:
                  - {rule: anomaly, name: rows_batch, metric: row_count, strategy: batch_normal}
                  - {rule: anomaly, name: rows_online, metric: row_count, strategy: online_normal}
                  - {rule: anomaly, name: rows_kept, metric: row_count, strategy: batch_normal, ignore_anomalies: false}
            """;
    private static final MetricKey ROW_COUNT = MetricKey.of("row_count");

    static ScratchDatabase database;
    static MetadataStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        database = ScratchDatabase.create();
        store = MetadataStore.open(database.settings(null));
    }

    @AfterAll
    static void close() {
        store.close();
        database.close();
    }

    @Test
    void aFirstRunIsJudgedAgainstTheImportedHistoryAndItsFlagKeepsTheNextAnomalyVisible() throws IOException {
        Pipeline pipeline = pipeline();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<String> lines = new ArrayList<>(List.of("time,metric,value"));
        for (int day = 30; day >= 1; day--) {
            lines.add(today.minus(Duration.ofDays(day)) + ",row_count," + (10 + day % 3 - 1));
        }
        Path csv = dir.resolve("history.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        List<HistoryImport.Point> points = HistoryFile.read(csv, Instant.now());
        assertThat(points).hasSize(30);

        HistoryImport.Result first = store.metrics().importHistory("imported", "bronze.orders", points);
        HistoryImport.Result again = store.metrics().importHistory("imported", "bronze.orders", points);

        assertThat(first).isEqualTo(new HistoryImport.Result(30, 0, 30));
        assertThat(again).as("the same file again replaces").isEqualTo(new HistoryImport.Result(0, 30, 30));
        List<MetricPoint> history = store.metrics().history("imported", "bronze.orders", ROW_COUNT, 60, null);
        assertThat(history).hasSize(30).allSatisfy(p -> assertThat(p.runId()).startsWith("import:"));
        assertThat(history.get(0).recordedAt()).isEqualTo(today.minus(Duration.ofDays(30)));
        assertThat(store.metrics().latestRun("imported"))
                .as("an imported point is no run")
                .isEmpty();

        rows("a.csv", 40);
        DatasetResult run1 = run(pipeline, "run-1");

        assertThat(run1.rowsWritten()).isEqualTo(40);
        assertThat(statuses(run1)).containsExactly(RuleStatus.WARNED, RuleStatus.WARNED, RuleStatus.WARNED);
        assertThat(rule(run1, "rows_batch").message())
                .startsWith("row_count 40 is an anomaly: expected ")
                .endsWith("(batch_normal, 3 stddevs, 30 past runs)");
        assertThat(rule(run1, "rows_online").message()).endsWith("(online_normal, 3 stddevs, 30 past runs)");
        assertThat(store.metrics().history("imported", "bronze.orders", ROW_COUNT, 1, null))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.runId()).isEqualTo("run-1");
                    assertThat(p.value()).isEqualTo(40.0);
                    assertThat(p.flaggedBy()).containsExactly("rows_batch", "rows_online", "rows_kept");
                });

        rows("b.csv", 25);
        DatasetResult run2 = run(pipeline, "run-2");

        assertThat(run2.rowsWritten()).isEqualTo(25);
        assertThat(rule(run2, "rows_batch").status()).isEqualTo(RuleStatus.WARNED);
        assertThat(rule(run2, "rows_batch").message())
                .startsWith("row_count 25 is an anomaly: expected ")
                .endsWith("(batch_normal, 3 stddevs, 30 past runs, 1 flagged before and left out)");
        assertThat(rule(run2, "rows_online").status()).isEqualTo(RuleStatus.WARNED);
        assertThat(rule(run2, "rows_online").message())
                .endsWith("(online_normal, 3 stddevs, 31 past runs, 1 flagged before and left out)");
        assertThat(rule(run2, "rows_kept").status())
                .as("ignore_anomalies: false keeps 40 in the history, and 25 passes")
                .isEqualTo(RuleStatus.PASSED);
        assertThat(store.metrics().history("imported", "bronze.orders", ROW_COUNT, 60, null))
                .hasSize(32);
    }

    @Test
    void aBadRowImportsNothingAndNamesItsLine() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, """
                metric,time,value
                row_count,2026-11-01,12
                row_count,2026-11-02T00:00:00Z,twelve
                "completeness(email)",yesterday,0.9
                row_count,2026-11-01T00:00:00Z,13
                """, StandardCharsets.UTF_8);

        StrataException error = catchThrowableOfType(() -> HistoryFile.read(csv, Instant.now()), StrataException.class);

        assertThat(error.getMessage())
                .isEqualTo("Cannot import " + csv + " (nothing was imported):\n"
                        + "  bad.csv:3: value 'twelve' is not a finite number (a number, e.g. 1042 or 0.98)\n"
                        + "  bad.csv:4: time 'yesterday' is not a time (write an ISO-8601 time with its offset, e.g."
                        + " 2026-11-01T06:00:00Z, or a date (midnight UTC))\n"
                        + "  bad.csv:5: row_count at 2026-11-01T00:00:00Z is also on line 2 (keep one value per metric"
                        + " and time)");
        Path json = dir.resolve("bad.json");
        Files.writeString(json, """
                [
                  {"time": "2026-11-01", "metric": "row_count", "value": 12},
                  {"time": "2999-01-01", "metric": "rows", "value": 12, "note": "x"},
                  {"time": "2999-01-01", "metric": "row_count", "value": null}
                ]
                """, StandardCharsets.UTF_8);
        assertThat(catchThrowableOfType(() -> HistoryFile.read(json, Instant.now()), StrataException.class)
                        .getMessage())
                .isEqualTo("Cannot import " + json + " (nothing was imported):\n"
                        + "  bad.json:3: unknown field note (each object has time, metric and value)\n"
                        + "  bad.json:4: time 2999-01-01T00:00:00Z is in the future (import only past values)\n"
                        + "  bad.json:4: value is missing (a number, e.g. 1042)");
    }

    @Test
    void theCommandRefusesABadFileWithExitTwoAndNoStackTrace() throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, PIPELINE, StandardCharsets.UTF_8);
        rows("a.csv", 1);
        Path csv = dir.resolve("values.csv");
        Files.writeString(csv, "time,metric,value\n2026-11-01,row_count,\n", StandardCharsets.UTF_8);

        RunCommandIT.Outcome bad = RunCommandIT.strata(
                "quality", "import-history", file.toString(), "--dataset", "bronze.orders", "--from", csv.toString());
        RunCommandIT.Outcome unknown = RunCommandIT.strata(
                "quality", "import-history", file.toString(), "--dataset", "bronze.order", "--from", csv.toString());

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err())
                .contains("values.csv:2: value is missing (a number, e.g. 1042)")
                .doesNotContain("\tat ");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--dataset: bronze.order is not a dataset of pipeline.yaml");
    }

    private Pipeline pipeline() throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, PIPELINE, StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    private void rows(String name, int count) throws IOException {
        Files.createDirectories(dir.resolve("in"));
        List<String> lines = new ArrayList<>(List.of("id"));
        IntStream.range(0, count).forEach(i -> lines.add(Integer.toString(i)));
        Files.write(dir.resolve("in").resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static DatasetResult run(Pipeline pipeline, String runId) {
        RunResult result = new PipelineRunner(
                        SharedSpark.session(), pipeline, RunListener.NONE, store.metrics(), LedgerSource.FILES)
                .run(runId, null, 0);
        assertThat(result.status().name()).as(result.toString()).isEqualTo("SUCCEEDED");
        return result.datasets().get(0);
    }

    private static List<RuleStatus> statuses(DatasetResult result) {
        return result.rules().stream().map(RuleResult::status).toList();
    }

    private static RuleResult rule(DatasetResult result, String name) {
        return result.rules().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
