package dev.strata.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.store.RunRepository.DatasetOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine wrote with {@code strata run --summary-json}: each dataset's state, row counts and rule results.
 *
 * @param json the summary as written, stored with the run
 */
record RunSummary(String json, List<Dataset> datasets) {

    /** One dataset's outcome, with its quality score (rules passed / rules) and anomalies flagged. */
    record Dataset(DatasetOutcome outcome, int rules, int rulesPassed, int anomalies) {
        /** The dataset's layer: the part of its name before the dot. */
        String layer() {
            String name = outcome.dataset();
            int dot = name.indexOf('.');
            return dot < 0 ? "" : name.substring(0, dot);
        }

        /** Whether the run read rows for the dataset or judged its rules; a batch with no new input did neither. */
        boolean judged() {
            return outcome.rowsIn() > 0 || rules > 0;
        }

        /** Passed rules over rules; 1 for a dataset without rules. */
        double qualityScore() {
            return rules == 0 ? 1.0 : (double) rulesPassed / rules;
        }
    }

    RunSummary {
        datasets = List.copyOf(datasets);
    }

    /** The summary in {@code file}; null when the engine wrote none (it crashed, or was killed first). */
    static RunSummary read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String json = Files.readString(file);
            return parse(json);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static RunSummary parse(String json) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        List<Dataset> datasets = new ArrayList<>();
        for (JsonNode d : root.path("datasets")) {
            int rules = 0;
            int passed = 0;
            int anomalies = 0;
            for (JsonNode rule : d.path("rules")) {
                rules++;
                boolean ok = "PASSED".equals(rule.path("status").asText());
                if (ok) {
                    passed++;
                } else if ("anomaly".equals(rule.path("rule").asText())) {
                    anomalies++;
                }
            }
            String message = d.path("message").isTextual() ? d.path("message").asText() : null;
            List<String> failedAttempts = new ArrayList<>();
            d.path("failed_attempts").forEach(m -> failedAttempts.add(m.asText()));
            datasets.add(new Dataset(
                    new DatasetOutcome(
                            d.path("dataset").asText(),
                            d.path("status").asText().toLowerCase(java.util.Locale.ROOT),
                            d.path("rows_in").asLong() + d.path("rows_added").asLong(),
                            d.path("rows_written").asLong(),
                            d.path("rows_quarantined").asLong(),
                            d.path("rows_dropped").asLong(),
                            d.path("seconds").isNumber() ? d.path("seconds").asDouble() : null,
                            message,
                            d.has("attempts") ? d.path("attempts").asInt() : 1,
                            failedAttempts,
                            passed,
                            rules),
                    rules,
                    passed,
                    anomalies));
        }
        return new RunSummary(json, datasets);
    }

    List<DatasetOutcome> outcomes() {
        return datasets.stream().map(Dataset::outcome).toList();
    }
}
