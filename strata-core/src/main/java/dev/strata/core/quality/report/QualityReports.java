package dev.strata.core.quality.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.report.QualityReport.Summary;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunJson;
import dev.strata.core.run.RunResult;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.RuleType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link QualityReport} of a run and renders it as a self-contained HTML page or as JSON. */
public final class QualityReports {
    /** The rule type whose non-passing results are anomalies. */
    private static final String ANOMALY_RULE = "anomaly";

    /** Past runs drawn in each trend chart. */
    public static final int TREND_RUNS = 30;

    private static final ObjectMapper JSON = RunJson.mapper();

    private QualityReports() {}

    /**
     * What a report charts for one dataset of a run, over the last {@link #TREND_RUNS} runs that recorded each: its row
     * count and quarantined rows, each rule's measured value (its pass rate when it measures none), and the metric each
     * anomaly rule of {@code spec} watches. {@code spec} is the dataset as the pipeline declares it now; null when the
     * pipeline no longer has it. Metrics no run recorded are left out.
     */
    public static List<MetricTrend> trends(
            MetricHistory history, String pipeline, String dataset, DatasetSpec spec, List<RuleResult> rules) {
        Set<MetricKey> keys = new LinkedHashSet<>(List.of(MetricKey.of("row_count"), MetricKey.of("rows_quarantined")));
        for (RuleResult rule : rules) {
            if (!rule.rule().equals(ANOMALY_RULE)) {
                keys.add(
                        rule.value() == null
                                ? MetricKey.of("pass_rate", rule.name())
                                : MetricKey.of("value", rule.name()));
            }
        }
        if (spec != null) {
            spec.expect().stream()
                    .filter(r -> r.rule() == RuleType.ANOMALY)
                    .map(r -> MetricKey.parse(r.metric()))
                    .forEach(keys::add);
        }
        List<MetricTrend> trends = new ArrayList<>();
        history.histories(pipeline, dataset, keys, TREND_RUNS).forEach((key, points) -> {
            if (!points.isEmpty()) {
                trends.add(new MetricTrend(key.toString(), points));
            }
        });
        return trends;
    }

    /**
     * The report of {@code run}, with each dataset's metric trends and quarantine sample looked up by dataset name (a
     * dataset missing from a map has no trends or no sample).
     */
    public static QualityReport of(
            RunResult run,
            Map<String, List<MetricTrend>> trendsByDataset,
            Map<String, QuarantineSample> samplesByDataset,
            Instant generatedAt) {
        return of(run, Map.of(), trendsByDataset, samplesByDataset, generatedAt);
    }

    /**
     * The report of {@code run}, whose datasets may come from several runs: each dataset was built by the run {@code
     * runsByDataset} names, else by {@code run} (the report of the latest run that built each dataset). Times are kept
     * to the second.
     */
    public static QualityReport of(
            RunResult run,
            Map<String, String> runsByDataset,
            Map<String, List<MetricTrend>> trendsByDataset,
            Map<String, QuarantineSample> samplesByDataset,
            Instant generatedAt) {
        List<DatasetSection> sections = run.datasets().stream()
                .map(dataset -> section(
                        dataset,
                        runsByDataset.getOrDefault(dataset.dataset(), run.runId()),
                        trendsByDataset.getOrDefault(dataset.dataset(), List.of()),
                        samplesByDataset.get(dataset.dataset())))
                .toList();
        return new QualityReport(
                run.pipeline(),
                run.runId(),
                run.status().name(),
                seconds(run.startedAt()),
                seconds(run.finishedAt()),
                seconds(generatedAt),
                summary(run, sections),
                sections);
    }

    private static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The trend with each point's time to the second. */
    private static MetricTrend inSeconds(MetricTrend trend) {
        return new MetricTrend(
                trend.metric(),
                trend.points().stream()
                        .map(p -> new MetricPoint(p.runId(), seconds(p.recordedAt()), p.value()))
                        .toList());
    }

    /** The report as pretty-printed JSON with snake_case names and ISO-8601 instants, ending in a newline. */
    public static String toJson(QualityReport report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot write quality report of run " + report.runId() + " as JSON: " + Messages.firstLine(e),
                    e);
        }
    }

    /** Reads a report written by {@link #toJson}. */
    public static QualityReport fromJson(String json) {
        try {
            return JSON.readValue(json, QualityReport.class);
        } catch (JsonProcessingException e) {
            throw new StrataException(
                    ErrorCode.SOURCE_UNREADABLE,
                    "Cannot read quality report: " + Messages.firstLine(e)
                            + " (expected the JSON that QualityReports.toJson writes)",
                    e);
        }
    }

    /** The report as one HTML page that opens offline: inline style, chart library and data, nothing fetched. */
    public static String toHtml(QualityReport report) {
        return HtmlReport.render(report);
    }

    private static DatasetSection section(
            DatasetResult dataset, String runId, List<MetricTrend> trends, QuarantineSample quarantine) {
        return new DatasetSection(
                dataset.dataset(),
                runId,
                dataset.status().name(),
                dataset.rowsIn(),
                dataset.rowsWritten(),
                dataset.rowsQuarantined(),
                dataset.rowsDropped(),
                dataset.message(),
                dataset.rules(),
                trends.stream().map(QualityReports::inSeconds).toList(),
                quarantine,
                dataset.rules().stream()
                        .filter(QualityReports::isAnomaly)
                        .map(rule -> rule.message() != null ? rule.message() : rule.name())
                        .toList());
    }

    /** True for an anomaly rule that did not pass. */
    static boolean isAnomaly(RuleResult rule) {
        return ANOMALY_RULE.equals(rule.rule()) && rule.status() != RuleStatus.PASSED;
    }

    private static Summary summary(RunResult run, List<DatasetSection> sections) {
        List<RuleResult> rules =
                run.datasets().stream().flatMap(d -> d.rules().stream()).toList();
        return new Summary(
                count(rules, RuleStatus.PASSED),
                count(rules, RuleStatus.WARNED),
                count(rules, RuleStatus.FAILED),
                sections.stream().mapToInt(s -> s.anomalies().size()).sum(),
                run.datasets().stream().mapToLong(DatasetResult::rowsIn).sum(),
                run.datasets().stream().mapToLong(DatasetResult::rowsWritten).sum(),
                run.datasets().stream()
                        .mapToLong(DatasetResult::rowsQuarantined)
                        .sum(),
                run.datasets().stream().mapToLong(DatasetResult::rowsDropped).sum());
    }

    private static int count(List<RuleResult> rules, RuleStatus status) {
        return (int) rules.stream().filter(r -> r.status() == status).count();
    }
}
