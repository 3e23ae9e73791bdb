package dev.strata.server.console;

import java.util.List;
import java.util.Objects;

/**
 * One dataset of a pipeline's graph, as {@link PipelineGraph} draws it.
 *
 * @param id the dataset's name, such as {@code silver.orders}: what edges name, and the node's {@code data-dataset}
 * @param label the text drawn in bold; null draws the id
 * @param state the latest run's state of the dataset: {@code succeeded}, {@code failed}, {@code skipped}, {@code
 *     upstream_failed}, {@code running}, {@code queued}, {@code cancelled} or {@code never}; any other (null too) is
 *     drawn as {@code never}
 * @param lines up to three short lines drawn under the label (more are left out), such as {@code in 120 · written
 *     117}; null for none
 * @param href where a click on the node goes; null for a node that is no link
 */
public record GraphNode(String id, String label, String state, List<String> lines, String href) {
    public GraphNode {
        Objects.requireNonNull(id, "id");
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
