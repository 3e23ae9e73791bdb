package dev.strata.core.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.spec.DatasetSpec;
import java.util.List;
import java.util.function.BiConsumer;

/** A dataset's description, tags and column descriptions, as the plan shows them. */
final class DatasetNotes {
    private DatasetNotes() {}

    /** Gives each note that is set, as a label and its lines, to {@code line}. */
    static void text(DatasetSpec dataset, BiConsumer<String, List<String>> line) {
        if (dataset.description() != null) {
            line.accept("about:", List.of(dataset.description().strip()));
        }
        if (!dataset.tags().isEmpty()) {
            line.accept("tags:", List.of(String.join(", ", dataset.tags())));
        }
        if (!dataset.columns().isEmpty()) {
            line.accept(
                    "columns:",
                    dataset.columns().entrySet().stream()
                            .map(column -> column.getKey() + ": " + column.getValue())
                            .toList());
        }
    }

    /** Adds {@code tags} (always) and {@code description} and {@code columns} (when set) to a dataset's node. */
    static void json(DatasetSpec dataset, ObjectNode node) {
        if (dataset.description() != null) {
            node.put("description", dataset.description().strip());
        }
        dataset.tags().forEach(node.putArray("tags")::add);
        if (!dataset.columns().isEmpty()) {
            ObjectNode columns = node.putObject("columns");
            dataset.columns().forEach(columns::put);
        }
    }
}
