package dev.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.check.TableCheck;
import dev.strata.engine.run.RunHistory;
import dev.strata.engine.run.TableLocations;
import dev.strata.store.MetadataRunStoreProvider;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata check FILE}: the datasets' rules judged against their current tables, writing nothing. */
@Command(
        name = "check",
        description = "Judge datasets' rules against their current tables without writing anything: no table,"
                + " quarantine or ledger changes. Table statistics answer what they can; the rest is one"
                + " aggregation per table. Exit 0 when every rule holds, 1 when an on_fail: fail rule fails.")
final class CheckCommand implements Callable<Integer> {
    private static final DateTimeFormatter CHECK_ID = DateTimeFormatter.ofPattern(
                    "'check-'yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Mixin
    PipelineFile pipelineFile;

    @Option(names = "--dataset", paramLabel = "NAME", description = "One dataset, e.g. silver.orders.")
    String dataset;

    @Option(
            names = "--only",
            paramLabel = "SELECTOR",
            description = "dbt-like selection: silver.orders+, +gold.x, silver.*, tag:pii")
    String only;

    @Option(names = "--format", defaultValue = "table", description = "table | json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--record",
            description = "Keep the check's metrics and verdicts in the metadata store, as a series apart from the"
                    + " runs' (a check measures the whole table, a run its batch).")
    boolean record;

    @Mixin
    SparkOptions spark;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String output = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json").contains(output)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "--format: cannot print a check as '" + format + "' (expected table | json)");
        }
        Pipeline pipeline = pipelineFile.load();
        PipelinePlan all = Planner.plan(pipeline.spec());
        List<DatasetPlan> checked = selected(all);
        Map<DatasetName, DatasetPlan> plans = new LinkedHashMap<>();
        all.datasets().forEach(d -> plans.put(d.name(), d));
        boolean needsHistory = record
                || checked.stream()
                        .flatMap(d -> d.spec().expect().stream())
                        .anyMatch(r -> r.rule() == RuleType.ANOMALY || r.maxChangePct() != null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String file = pipelineFile.file.getFileName().toString();
        List<TableCheck.Outcome> outcomes = new ArrayList<>();
        try (RunHistory history = needsHistory
                ? RunHistory.open(new MetadataRunStoreProvider(), System.getenv(), w -> err.println("warn  " + w))
                : null) {
            SparkSession session = spark.start("strata check " + pipeline.spec().name(), pipeline);
            try {
                TableCheck check = new TableCheck(
                        session,
                        new TableLocations(pipeline.spec().storage()),
                        plans,
                        history == null ? MetricHistory.none() : history,
                        pipeline.spec().name(),
                        record);
                checked.forEach(d -> check.requireTable(d, file));
                String checkId = CHECK_ID.format(Instant.now());
                checked.forEach(d -> outcomes.add(check.check(d, checkId)));
            } finally {
                spark.release(session);
            }
        }
        boolean failed =
                outcomes.stream().flatMap(o -> o.rules().stream()).anyMatch(r -> r.status() == RuleStatus.FAILED);
        out.print(output.equals("json") ? json(outcomes, failed) : CheckTable.render(outcomes));
        out.flush();
        return failed ? 1 : 0;
    }

    /** The datasets to check: those selected that have rules; refuses a selection without any, before Spark starts. */
    private List<DatasetPlan> selected(PipelinePlan all) {
        if (dataset != null && only != null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC, "Cannot use --dataset with --only: give one dataset, or a selection");
        }
        List<DatasetPlan> chosen;
        if (dataset != null) {
            QualityHistoryCommand.checkDataset(all, pipelineFile, dataset);
            chosen = all.datasets().stream()
                    .filter(d -> d.name().toString().equals(dataset))
                    .toList();
        } else {
            chosen = only == null ? all.datasets() : all.only(only).datasets();
        }
        List<DatasetPlan> withRules =
                chosen.stream().filter(d -> !d.spec().expect().isEmpty()).toList();
        if (withRules.isEmpty()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Nothing to check: "
                            + (chosen.size() == 1 ? chosen.get(0).name() + " has" : "the selected datasets have")
                            + " no rules (add them under expect:, or select datasets that have some)");
        }
        return withRules;
    }

    private static String json(List<TableCheck.Outcome> outcomes, boolean failed) {
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (TableCheck.Outcome outcome : outcomes) {
            Map<String, Object> dataset = new LinkedHashMap<>();
            dataset.put("dataset", outcome.dataset());
            dataset.put("rows", outcome.rows());
            dataset.put("statistics_read", outcome.statisticsRead());
            dataset.put("scanned", outcome.scanned());
            List<Map<String, Object>> rules = new ArrayList<>();
            for (RuleResult rule : outcome.rules()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", rule.name());
                row.put("rule", rule.rule());
                row.put("on_fail", rule.onFail());
                row.put("status", rule.status().name());
                row.put("checked", rule.checked());
                row.put("failed", rule.failed());
                row.put("value", rule.value() == null || !Double.isFinite(rule.value()) ? null : rule.value());
                row.put("expected", rule.expected());
                row.put("message", rule.message());
                row.put("answered_by", outcome.fromStatistics().contains(rule.name()) ? "statistics" : "scan");
                rules.add(row);
            }
            dataset.put("rules", rules);
            datasets.add(dataset);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("status", failed ? "FAILED" : "PASSED");
        root.put("datasets", datasets);
        try {
            return Ledger.json().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print the check as JSON", e);
        }
    }
}
