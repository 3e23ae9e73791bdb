package dev.strata.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.strata.core.auth.Role;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.run.RuleResult;
import dev.strata.store.AccessRepository.ApiKey;
import dev.strata.store.AuditRepository.Verification;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.PipelineRepository.Version;
import dev.strata.store.RunRepository.DatasetOutcome;
import dev.strata.store.RunRepository.StoredRun;
import dev.strata.store.TriggerEvents;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API answers, one record per kind of response body. {@link Json#MAPPER} writes them (snake_case names, ISO
 * times, nulls included unless a component says otherwise), and the OpenAPI document's schemas are generated from
 * them, so a field added here is documented by regenerating the document.
 */
final class Views {
    private Views() {}

    /** {@code GET /health}: the process answers. */
    record Health(String status) {
        static final Health OK = new Health("ok");
    }

    /** {@code GET /ready}: whether the metadata store answers; {@code reason} only when it does not. */
    record Readiness(
            String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) String store,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {}

    /** A registered pipeline and its latest version; {@code yaml} only where a single pipeline is read. */
    record PipelineView(
            String name,
            int version,
            String baseDir,
            String sourcePath,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            @JsonInclude(JsonInclude.Include.NON_NULL) String yaml,
            @JsonInclude(JsonInclude.Include.NON_NULL) ScheduleView schedule,
            List<Instant> nextFireTimes,
            Instant lastFireTime) {
        static PipelineView of(StoredPipeline pipeline, String yaml) {
            return of(pipeline, yaml, null, List.of(), null);
        }

        static PipelineView of(
                StoredPipeline pipeline,
                String yaml,
                ScheduleView schedule,
                List<Instant> nextFireTimes,
                Instant lastFireTime) {
            return new PipelineView(
                    pipeline.name(),
                    pipeline.version(),
                    pipeline.baseDir(),
                    pipeline.sourcePath(),
                    pipeline.createdAt(),
                    pipeline.updatedAt(),
                    pipeline.createdBy(),
                    yaml,
                    schedule,
                    nextFireTimes,
                    lastFireTime);
        }
    }

    /** A pipeline's schedule as the server fires it: its cron in its time zone, and whether it is paused. */
    record ScheduleView(String cron, String timezone, boolean paused) {}

    /** One version of a pipeline's YAML, as it was sent. */
    record VersionView(int version, String sha256, Instant createdAt, String createdBy, String yaml) {
        static VersionView of(Version version) {
            return new VersionView(
                    version.version(), version.sha256(), version.createdAt(), version.createdBy(), version.yaml());
        }
    }

    /** A run as lists show it: its state, never its parameters' values (only their names). */
    record RunSummaryView(
            String runId,
            String pipeline,
            int version,
            String status,
            int attempt,
            String only,
            Set<String> parameters,
            String submittedBy,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Integer exitCode,
            String message,
            boolean cancelRequested,
            @JsonInclude(JsonInclude.Include.NON_NULL) String resumedFrom,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant logicalTime) {
        static RunSummaryView of(StoredRun run) {
            return new RunSummaryView(
                    run.id(),
                    run.pipeline(),
                    run.version(),
                    run.state().label(),
                    run.attempt(),
                    run.only(),
                    run.parameters().keySet(),
                    run.submittedBy(),
                    run.createdAt(),
                    run.startedAt(),
                    run.finishedAt(),
                    run.exitCode(),
                    run.message(),
                    run.cancelRequested(),
                    run.resumedFrom(),
                    run.logicalTime());
        }
    }

    /** A run with its per-dataset state and counts: what clients poll. */
    record RunView(
            @JsonUnwrapped RunSummaryView run,
            List<DatasetOutcome> datasets,
            @JsonInclude(JsonInclude.Include.NON_NULL) TriggerEvents trigger) {}

    /** A page of runs, newest first; {@code next_cursor} only when there are more. */
    record RunPage(
            List<RunSummaryView> runs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}

    /** What one run measured, dataset by dataset. */
    record RunMetricsView(String runId, String pipeline, String state, List<DatasetMetricsView> datasets) {}

    /** One dataset's metrics in a run, by metric key ({@code completeness(email)}), and its rules' outcomes. */
    record DatasetMetricsView(String dataset, Instant recordedAt, Map<String, Double> metrics, List<RuleResult> rules) {
        static DatasetMetricsView of(DatasetMetrics dataset) {
            Map<String, Double> values = new LinkedHashMap<>();
            dataset.metrics().forEach(m -> values.put(m.key().toString(), m.value()));
            return new DatasetMetricsView(dataset.dataset(), dataset.recordedAt(), values, dataset.rules());
        }
    }

    /** A dataset's metric history: for each metric key, its values run by run. */
    record MetricHistoryView(String pipeline, String dataset, Map<String, List<MetricPointView>> metrics) {}

    /** One value of a metric, as one run recorded it. */
    record MetricPointView(String runId, Instant recordedAt, double value) {
        static MetricPointView of(MetricPoint point) {
            return new MetricPointView(point.runId(), point.recordedAt(), point.value());
        }
    }

    /** An API key as the store holds it: never the key itself. */
    record ApiKeyView(
            String id,
            String name,
            String role,
            boolean scoped,
            Instant createdAt,
            String createdBy,
            Instant revokedAt) {
        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(
                    key.id(),
                    key.name(),
                    key.role().label(),
                    key.scoped(),
                    key.createdAt(),
                    key.createdBy(),
                    key.revokedAt());
        }
    }

    /** A new API key: the only response that carries the key, once. */
    record CreatedKeyView(@JsonUnwrapped ApiKeyView apiKey, String key, List<String> pipelines, String note) {}

    /** A role bound to a principal on a pipeline. */
    record RoleBindingView(String principal, String pipeline, String role) {
        static RoleBindingView of(String principal, String pipeline, Role role) {
            return new RoleBindingView(principal, pipeline, role.label());
        }
    }

    /** What walking the audit log's hash chain found; {@code broken_at} and {@code problem} when it is broken. */
    record AuditVerificationView(
            boolean intact, long rows, long lastId, String lastHash, Long brokenAt, String problem) {
        static AuditVerificationView of(Verification verification) {
            return new AuditVerificationView(
                    verification.intact(),
                    verification.rows(),
                    verification.lastId(),
                    verification.lastHash(),
                    verification.brokenAt(),
                    verification.problem());
        }
    }

    /**
     * A failure, as {@code application/problem+json}: RFC 9457's fields plus a stable {@code code}, a {@code hint} when
     * there is one, and located {@code errors} for an invalid pipeline.
     */
    record Problem(
            String type,
            String title,
            int status,
            String code,
            String detail,
            @JsonInclude(JsonInclude.Include.NON_NULL) String hint,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LocatedError> errors) {}

    /** One problem in a pipeline's YAML, at its line and column; {@code text} as the CLI prints it. */
    record LocatedError(
            int line,
            int column,
            String path,
            String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) String hint,
            String text) {}
}
