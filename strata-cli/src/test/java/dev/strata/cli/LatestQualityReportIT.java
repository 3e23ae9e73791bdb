package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.store.MetadataStore;
import dev.strata.store.MetricsRepository;
import dev.strata.store.ScratchDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quality report --latest} in the metadata store (the machine's PostgreSQL): each dataset's latest run. */
class LatestQualityReportIT {
    private static final RuleResult NOT_NULL =
            new RuleResult("not_null(id)", "not_null", "quarantine", 10, 10, 0, RuleStatus.PASSED, null, null, null);

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
    void takesEachDatasetFromTheLatestRunThatBuiltItInBuildOrder() throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: latest
                sources:
                  raw: {format: csv, path: in/}
                datasets:
                  silver.orders:
                    from: bronze.orders
                    expect: [{rule: not_null, column: id}]
                  bronze.orders: {from: raw}
                """, StandardCharsets.UTF_8);
        Pipeline pipeline = PipelineLoader.load(file);
        MetricsRepository metrics = store.metrics();
        Instant first = Instant.parse("2026-12-01T08:00:00Z");
        metrics.record(recorded("silver.orders", "r1", first, List.of(NOT_NULL)));
        metrics.record(recorded("bronze.orders", "r1", first, List.of()));
        metrics.record(recorded("bronze.orders", "r2", first.plusSeconds(3600), List.of()));
        metrics.record(recorded("gold.dropped", "r2", first.plusSeconds(3600), List.of()));

        List<DatasetMetrics> latest = QualityReportCommand.latestOfEachDataset(metrics, pipeline);

        assertThat(latest)
                .as("r2 (an --only bronze.orders run) leaves silver.orders as r1 built it; a dataset no longer in"
                        + " the file is left out")
                .extracting(
                        DatasetMetrics::dataset,
                        DatasetMetrics::runId,
                        m -> m.rules().size())
                .containsExactly(tuple("bronze.orders", "r2", 0), tuple("silver.orders", "r1", 1));
    }

    private static DatasetMetrics recorded(String dataset, String run, Instant at, List<RuleResult> rules) {
        return new DatasetMetrics(
                "latest", dataset, run, at, List.of(MetricValue.of(MetricKey.of("row_count"), 10)), rules);
    }
}
