package dev.strata.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.strata.core.auth.Role;
import dev.strata.core.quality.report.MetricTrend;
import dev.strata.core.quality.report.QualityReport;
import dev.strata.core.quality.report.QualityReports;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunJson;
import dev.strata.core.run.RunResult;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.store.MetadataStore;
import dev.strata.store.RunRepository.StoredRun;
import dev.strata.store.RunTables.StoredSample;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's HTML quality report in the console, as {@code strata quality report FILE RUN_ID} writes it: built from the
 * summary the engine stored with the run, the metric history and the quarantine samples of the store (masked for the
 * viewer's role as the dataset pages' are). It reads no table, so it costs no Spark job.
 */
final class ConsoleReports {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleReports.class);

    private final MetadataStore store;
    private final RunsApi runs;
    private final ConsolePages pages;
    private final Clock clock;

    ConsoleReports(MetadataStore store, RunsApi runs, ConsolePages pages, Clock clock) {
        this.store = store;
        this.runs = runs;
        this.pages = pages;
        this.clock = clock;
    }

    /** The report of run {@code id} as one self-contained page; 404 for a run the principal cannot see or without one. */
    String html(Context ctx, String id) {
        StoredRun run = runs.find(ctx, id).run();
        String summary = store.runs()
                .summary(run.id())
                .orElseThrow(() -> ApiException.notFound(
                        "run " + run.id() + " has no quality report"
                                + (run.state().finished()
                                        ? ": its engine recorded no outcome (it crashed or was stopped first)"
                                        : " yet: it is " + run.state().label()
                                                + ", and the report is made when it ends"),
                        "the run's page shows what it did so far"));
        RunResult result;
        try {
            result = RunJson.mapper().readValue(summary, RunResult.class);
        } catch (JsonProcessingException e) {
            LOG.warn("Run {}: its stored summary is not a run result: {}", run.id(), e.getOriginalMessage());
            throw ApiException.notFound(
                    "run " + run.id() + " has no quality report: its stored outcome cannot be read",
                    "the run's page shows its datasets and rules");
        }
        Role role = ApiGuard.principal(ctx).roleOn(run.pipeline());
        PipelineSpec spec = currentSpec(run.pipeline()).orElse(null);
        Map<String, List<MetricTrend>> trends = new LinkedHashMap<>();
        Map<String, QuarantineSample> samples = new LinkedHashMap<>();
        for (DatasetResult dataset : result.datasets()) {
            DatasetSpec declared = spec == null ? null : spec.datasets().get(dataset.dataset());
            trends.put(
                    dataset.dataset(),
                    QualityReports.trends(
                            store.metrics(), run.pipeline(), dataset.dataset(), declared, dataset.rules()));
            if (dataset.rowsQuarantined() > 0) {
                store.tables()
                        .sample(run.id(), dataset.dataset(), role)
                        .map(StoredSample::sample)
                        .ifPresent(sample -> samples.put(dataset.dataset(), sample));
            }
        }
        QualityReport report = QualityReports.of(result, trends, samples, clock.instant());
        return QualityReports.toHtml(report);
    }

    /** The pipeline as it is declared now, for its anomaly rules' metrics; empty when it was deleted. */
    private Optional<PipelineSpec> currentSpec(String pipeline) {
        return store.pipelines()
                .find(pipeline)
                .map(stored -> pages.parse(stored).spec());
    }
}
