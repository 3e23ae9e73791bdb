package dev.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers the ratios of several benchmarks' result files into one table, {@code bench/results/all.md} (and
 * {@code all.json}): one row per measured comparison, with its goal. {@code bench/run all} runs the benchmarks, then
 * this.
 *
 * <p>A comparison is any object of a result file with a ratio field ({@code median_ratio}, {@code cold_to_warm},
 * {@code ratio_to_baseline}); it is labelled by its {@code format} and {@code operation} fields, else by the path of
 * keys that leads to it, and its goal is the nearest {@code goal} on that path. The result files stay as each
 * benchmark writes them, so they remain comparable with earlier runs of the same benchmark.
 *
 * <p>Usage: {@code AllResults bench/results/retail-scale-1.json bench/results/formats-100000.json …}
 */
public final class AllResults {
    private static final List<String> RATIOS = List.of("median_ratio", "cold_to_warm", "ratio_to_baseline");
    private static final List<String> LABELS = List.of("format", "operation");

    private AllResults() {}

    public static void main(String[] args) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Map<String, Object>> rows = new ArrayList<>();
        Results.Table table =
                new Results.Table("benchmark", "size", "comparison", "ratio", "goal", "measured at", "file");
        for (String file : args) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                System.err.println("all: no result file " + file + " (that benchmark did not finish); left out");
                continue;
            }
            JsonNode result = mapper.readTree(path.toFile());
            String benchmark =
                    result.path("benchmark").asText(path.getFileName().toString());
            String measuredAt = result.path("measured_at").asText("").replaceAll("\\.[0-9]+Z$", "Z");
            String size = size(result);
            for (Comparison comparison :
                    comparisons(result, "", result.path("goal").asText(""))) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("benchmark", benchmark);
                row.put("size", size);
                row.put("comparison", comparison.label());
                row.put("ratio", comparison.ratio());
                row.put("goal", comparison.goal());
                row.put("measured_at", measuredAt);
                row.put("file", path.getFileName().toString());
                rows.add(row);
                table.row(
                        benchmark,
                        size,
                        comparison.label(),
                        Results.ratio(comparison.ratio()),
                        comparison.goal(),
                        measuredAt,
                        path.getFileName());
            }
        }
        String heading = String.format(
                Locale.ROOT,
                "All benchmarks (bench/run all), %d cores. A ratio is Strata's time over the baseline's in the same"
                        + " run (for the warm engine: cold time over warm; for the server: throughput over /health's; for the console:"
                        + " the page's median time over /health's)."
                        + "%nEach benchmark's own file has its rounds, spread and load average.%n%n",
                Runtime.getRuntime().availableProcessors());
        Results.write("all", Map.of("comparisons", rows), heading + table);
    }

    /** The benchmark's size as its file gives it: scale, rows and rounds, where present. */
    private static String size(JsonNode result) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("scale", "rows", "order_rows", "rounds")) {
            if (result.path(field).isNumber()) {
                parts.add(field.replace('_', ' ') + " " + result.path(field).asText());
            }
        }
        return String.join(", ", parts);
    }

    private record Comparison(String label, double ratio, String goal) {}

    private static List<Comparison> comparisons(JsonNode node, String path, String goal) {
        List<Comparison> found = new ArrayList<>();
        if (node instanceof ObjectNode object) {
            String here = object.path("goal").asText(goal);
            String label = label(object, path);
            for (String ratio : RATIOS) {
                if (object.path(ratio).isNumber()) {
                    found.add(new Comparison(
                            label.isEmpty() ? "end to end" : label,
                            object.path(ratio).asDouble(),
                            here));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isContainerNode()) {
                    found.addAll(comparisons(field.getValue(), join(path, field.getKey()), here));
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                found.addAll(comparisons(element, path, goal));
            }
        }
        return found;
    }

    /** An element of a list of results is named by its own fields (format, operation), else by its path. */
    private static String label(ObjectNode object, String path) {
        String label = "";
        for (String field : LABELS) {
            if (object.path(field).isTextual()) {
                label = join(label, object.path(field).asText());
            }
        }
        return label.isEmpty() ? path : label;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + " " + key;
    }
}
