package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.core.trigger.EventFilter;
import dev.strata.core.trigger.FileListing;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks {@code triggers:} (docs/events.md, "Triggers"): one kind per trigger, Kafka topic names, filters, dataset
 * references, watched folders and their patterns, and debounce windows.
 */
final class TriggerChecks {
    /** Kafka's own rule for topic names. */
    static final Pattern TOPIC = Pattern.compile("^[A-Za-z0-9._-]{1,249}$");

    private static final Pattern PIPELINE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]*$");

    private final CheckContext context;
    private final Problems problems;

    TriggerChecks(CheckContext context) {
        this.context = context;
        this.problems = context.problems();
    }

    void check() {
        JsonNode triggers = context.root().path("triggers");
        for (int i = 0; i < triggers.size(); i++) {
            YamlPath path = YamlPath.of("triggers", i);
            context.bind(path, triggers.get(i), TriggerSpec.class).ifPresent(trigger -> check(path, trigger));
        }
    }

    private void check(YamlPath path, TriggerSpec trigger) {
        List<String> kinds = new ArrayList<>();
        if (trigger.kafka() != null) {
            kinds.add("kafka");
        }
        if (trigger.dataset() != null) {
            kinds.add("dataset");
        }
        if (trigger.files() != null) {
            kinds.add("files");
        }
        if (kinds.isEmpty()) {
            problems.error(path, "a trigger needs one of kafka, dataset or files", "e.g. - kafka: {topic: orders}");
        } else if (kinds.size() > 1) {
            problems.error(
                    path,
                    "a trigger takes one of kafka, dataset or files, got " + String.join(", ", kinds),
                    "write each as its own list item");
        }
        if (trigger.debounce() != null
                && !Durations.SYNTAX.matcher(trigger.debounce()).matches()) {
            problems.error(
                    path.child("debounce"),
                    "invalid debounce '" + trigger.debounce() + "'",
                    "a duration such as 30s or 5m; 0s starts a run for each poll that brings events");
        }
        if (trigger.kafka() != null) {
            checkKafka(path.child("kafka"), trigger.kafka());
        }
        if (trigger.dataset() != null) {
            checkDataset(path.child("dataset"), trigger.dataset());
        }
        if (trigger.files() != null) {
            checkFiles(path.child("files"), trigger.files());
        }
    }

    private void checkKafka(YamlPath path, TriggerSpec.Kafka kafka) {
        if (!TOPIC.matcher(kafka.topic()).matches()) {
            problems.error(
                    path.child("topic"),
                    "invalid Kafka topic '" + kafka.topic() + "'",
                    "1 to 249 letters, digits, '.', '_' and '-'");
        }
        EventFilter.problem(kafka.filter())
                .ifPresent(reason -> problems.error(
                        path.child("filter"),
                        reason,
                        "keys are dotted names such as type or data.region; values a string, number, boolean or a list"
                                + " of them"));
    }

    private void checkDataset(YamlPath path, TriggerSpec.Dataset dataset) {
        if (!PIPELINE_NAME.matcher(dataset.pipeline()).matches()) {
            problems.error(
                    path.child("pipeline"),
                    "invalid pipeline name '" + dataset.pipeline() + "'",
                    "the name: of the pipeline whose dataset starts this one");
        } else if (dataset.pipeline().equals(context.root().path("name").asText())) {
            problems.error(
                    path.child("pipeline"),
                    "a pipeline cannot be triggered by its own dataset: each run would start the next",
                    "name another pipeline; within one pipeline, read the dataset with from:");
        }
        if (DatasetName.tryParse(dataset.name()).isEmpty()) {
            problems.error(
                    path.child("name"),
                    "invalid dataset name '" + dataset.name() + "'",
                    "write layer.name, e.g. gold.revenue");
        }
    }

    private void checkFiles(YamlPath path, TriggerSpec.Files files) {
        FileListing.problem(files.path())
                .ifPresent(reason -> problems.error(
                        path.child("path"),
                        reason,
                        "a local folder, e.g. ./landing; for an object store, a kafka trigger on its notifications"));
        if (files.pattern() != null) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + files.pattern());
            } catch (IllegalArgumentException e) {
                problems.error(
                        path.child("pattern"),
                        "invalid file pattern '" + files.pattern() + "': "
                                + e.getMessage().lines().findFirst().orElse(""),
                        "a glob such as *.csv or orders-*.json");
            }
        }
    }
}
