package dev.strata.server.console;

import java.util.Objects;

/** A dependency in a pipeline's graph: dataset {@code to} reads dataset {@code from}. */
public record GraphEdge(String from, String to) {
    public GraphEdge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
