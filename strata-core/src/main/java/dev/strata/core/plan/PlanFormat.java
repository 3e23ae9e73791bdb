package dev.strata.core.plan;

/** How {@link PlanRenderer} shows a plan. */
public enum PlanFormat {
    /** A numbered listing for people. */
    TEXT,
    /** A stable document for tools. */
    JSON,
    /** A Graphviz digraph. */
    DOT,
    /** A Mermaid flowchart, e.g. for Markdown. */
    MERMAID
}
