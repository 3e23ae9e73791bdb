package dev.strata.server.console;

import java.util.List;

/**
 * What the console's templates show: plain values, formatted for display, built by the server from the same store
 * reads and checks as the API's. A template never reads the store, and never decides who may see or do what.
 */
public final class ConsoleViews {
    private ConsoleViews() {}

    /**
     * What every page shows around its content: the page's title, who is signed in (an API key's id, {@code
     * jwt:<subject>} or {@code admin-token}) and their role ({@code scoped} when they hold roles per pipeline only),
     * whether they may read the audit log, the CSRF token of the page's forms, and which section is open.
     */
    public record Chrome(String title, String user, String role, boolean admin, String csrf, String section) {}

    /** A link's text and target. */
    public record Link(String label, String href) {}

    /** A pipeline in the list: its last run, its next scheduled run and its last run's quality score. */
    public record PipelineRow(
            String name,
            int version,
            String lastRunId,
            String lastState,
            String lastRunAt,
            String schedule,
            String nextRunAt,
            String quality) {}

    /**
     * A dataset's outcome in a run: its state ({@code never} before its first run), its counts, and its rules passed out
     * of their total ({@code -} when none was checked).
     */
    public record DatasetRow(
            String name,
            String href,
            String state,
            long rowsIn,
            long written,
            long quarantined,
            long dropped,
            String rules,
            String seconds,
            String message) {}

    /** A run as lists show it. */
    public record RunRow(
            String id,
            String pipeline,
            String state,
            String createdAt,
            String duration,
            String submittedBy,
            String only,
            String message) {}

    /** A pipeline's page: its graph (an SVG the server laid out), its datasets' last outcomes and its last runs. */
    public record PipelinePage(
            String name, int version, String graphSvg, List<DatasetRow> datasets, List<RunRow> runs, boolean canRun) {}

    /** One rule's outcome in a run. */
    public record RuleRow(
            String dataset, String name, String status, String checked, String failed, String value, String message) {}

    /**
     * A run's page, and the part of it that refreshes while the run goes on ({@code finished} false): its datasets'
     * progress, the summary's totals, its rules, the end of its log, the link to its quality report (null until the run
     * ended with one), and the actions the viewer may take.
     */
    public record RunPage(
            RunRow run,
            List<DatasetRow> datasets,
            String totals,
            List<RuleRow> rules,
            String log,
            String reportHref,
            boolean finished,
            boolean canCancel,
            boolean canRerun,
            boolean canResume) {}

    /** The runs list, its filters as given, and the cursor of the next page (null on the last). */
    public record RunsPage(
            List<RunRow> runs,
            List<String> pipelines,
            String pipeline,
            String state,
            String since,
            List<String> states,
            String nextHref) {}

    /** A column of a dataset's table: its type as last written (empty before), and its description from the YAML. */
    public record ColumnRow(String name, String type, String description) {}

    /**
     * One metric's values over the dataset's last runs, and how many an anomaly rule flagged; {@code json} is what the
     * trend charts' script draws (strata-core's TrendChart, as the HTML quality report has it).
     */
    public record Trend(String metric, int points, int anomalies, String json) {}

    /** A sample of a run's quarantined rows, as the viewer's role may see them. */
    public record QuarantineSample(String runId, List<String> columns, List<List<String>> rows, String note) {}

    /** A dataset's page. */
    public record DatasetPage(
            String pipeline,
            String name,
            String description,
            String format,
            String writeMode,
            String location,
            String version,
            List<ColumnRow> columns,
            List<String> rules,
            List<Link> upstream,
            List<Link> downstream,
            List<Trend> trends,
            QuarantineSample quarantine) {}

    /** One row of the audit log. */
    public record AuditRow(
            long id,
            String at,
            String principal,
            String action,
            String target,
            String result,
            int status,
            int repeats) {}
}
