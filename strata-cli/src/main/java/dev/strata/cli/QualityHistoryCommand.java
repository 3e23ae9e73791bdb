package dev.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Suggestions;
import dev.strata.store.MetadataStore;
import dev.strata.store.StoreSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata quality history FILE --dataset D --metric M}: a metric's values over the dataset's past runs. */
@Command(name = "history", description = "A metric's value in each past run of a dataset, oldest first.")
final class QualityHistoryCommand implements Callable<Integer> {
    @Mixin
    PipelineFile pipelineFile;

    @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "e.g. silver.orders")
    String dataset;

    @Option(
            names = "--metric",
            required = true,
            paramLabel = "METRIC",
            description = "e.g. row_count, completeness(email), mean(amount), pass_rate(not_null(order_id))")
    String metric;

    @Option(names = "--last", defaultValue = "30", description = "The most recent runs (default: ${DEFAULT-VALUE}).")
    int last;

    @Mixin
    OutputFormat format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineFile.load();
        checkDataset(pipeline, pipelineFile, dataset);
        MetricKey key;
        try {
            key = MetricKey.parse(metric);
        } catch (IllegalArgumentException e) {
            throw new StrataException(ErrorCode.INVALID_SPEC, "--metric: " + e.getMessage());
        }
        String output = format.chosen();
        String name = pipeline.spec().name();
        try (MetadataStore store = MetadataStore.open(StoreSettings.fromEnvironment(System.getenv()))) {
            List<MetricPoint> points = store.metrics().history(name, dataset, key, last, null);
            if (points.isEmpty()) {
                List<MetricKey> known = store.metrics().keys(name, dataset);
                throw new StrataException(
                        ErrorCode.NOT_FOUND,
                        "No values of " + key + " for " + dataset + " in " + store.describe()
                                + (known.isEmpty()
                                        ? " (no run of " + dataset
                                                + " has recorded metrics yet: run the pipeline first)"
                                        : " (recorded metrics: "
                                                + String.join(
                                                        ", ",
                                                        known.stream()
                                                                .map(MetricKey::toString)
                                                                .toList())
                                                + ")"));
            }
            print(key, points, output);
        }
        return 0;
    }

    /** Refuses a --dataset the pipeline does not build, suggesting the closest one (exit 2). */
    static void checkDataset(Pipeline pipeline, PipelineFile pipelineFile, String dataset) {
        checkDataset(Planner.plan(pipeline.spec()), pipelineFile, dataset);
    }

    /** Refuses a --dataset the plan does not build, suggesting the closest one (exit 2). */
    static void checkDataset(PipelinePlan plan, PipelineFile pipelineFile, String dataset) {
        List<String> datasets =
                plan.datasets().stream().map(d -> d.name().toString()).toList();
        if (!datasets.contains(dataset)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "--dataset: " + dataset + " is not a dataset of " + pipelineFile.file.getFileName()
                            + Suggestions.closest(dataset, datasets)
                                    .map(s -> " (did you mean " + s + "?)")
                                    .orElse("")
                            + "; datasets: " + String.join(", ", datasets));
        }
    }

    private void print(MetricKey key, List<MetricPoint> points, String output) {
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case "json" -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (MetricPoint p : points) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("run_id", p.runId());
                    row.put("recorded_at", p.recordedAt().toString());
                    row.put("metric", key.toString());
                    row.put("value", Double.isFinite(p.value()) ? p.value() : null);
                    row.put("flagged_by", p.flaggedBy());
                    rows.add(row);
                }
                try {
                    out.println(Ledger.json().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("Cannot print the history as JSON", e);
                }
            }
            case "csv" -> {
                out.println("run_id,recorded_at,value");
                points.forEach(p -> out.println(p.runId() + "," + p.recordedAt() + "," + number(p.value())));
            }
            default -> {
                int width = Math.max(
                        "RUN".length(),
                        points.stream().mapToInt(p -> p.runId().length()).max().orElse(0));
                out.printf(Locale.ROOT, "%-" + width + "s  %-20s  %s%n", "RUN", "RECORDED", key);
                for (MetricPoint p : points) {
                    out.printf(
                            Locale.ROOT,
                            "%-" + width + "s  %-20s  %s%n",
                            p.runId(),
                            p.recordedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            number(p.value()));
                }
            }
        }
        out.flush();
    }

    private static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
