package dev.strata.server.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * A pipeline's datasets and their dependencies drawn as one SVG element, left to right: Eclipse ELK's layered
 * algorithm places the nodes and routes the edges (orthogonally, each ending in an arrowhead), run in this JVM without
 * Eclipse. A node is a rounded box of its state's CSS class ({@code node state-failed}) with the label in bold and up
 * to three lines under it, sized from the length of its text in a monospace font. The page's stylesheet colours each
 * state under the svg's class {@code strata-graph} (the console's is console.css): the SVG holds no style of its own,
 * which the console's Content-Security-Policy would refuse.
 *
 * <p>The same lists give the same text: ELK's layout is deterministic (its random seed is fixed), and nodes and edges
 * go to it in the order given. An edge to or from a dataset that is not in the list, one from a dataset to itself and
 * a repeated one are left out; so is a repeated node (the first one counts). Every text and attribute value is
 * escaped: dataset names and lines come from the pipeline's YAML.
 *
 * <p>Threads may call it at once: each call lays out a graph of its own. The first call in a JVM loads ELK, about a
 * second; once warm, 50 datasets and 70 edges take milliseconds.
 */
public final class PipelineGraph {
    /** The states with a CSS class of their own; any other is drawn as {@code never}. */
    private static final Set<String> STATES =
            Set.of("succeeded", "failed", "skipped", "upstream_failed", "running", "queued", "cancelled", "never");

    private static final int MAX_LINES = 3;

    private static final double LABEL_SIZE = 13;
    private static final double LINE_SIZE = 11;
    /** The advance of one character of a monospace font, in ems: 0.6 for the common ones, with some room. */
    private static final double CHAR_WIDTH = 0.62;

    private static final double PAD_X = 10;
    private static final double PAD_Y = 8;
    private static final double LABEL_HEIGHT = 17;
    private static final double LINE_HEIGHT = 15;
    private static final double MIN_WIDTH = 96;
    private static final double MARGIN = 12;
    private static final String ARROW = "strata-graph-arrow";

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private PipelineGraph() {}

    /** A node placed by the layout: its top-left corner and size. */
    private record Box(GraphNode node, String state, List<String> lines, double x, double y, double w, double h) {}

    /** An edge routed by the layout: the points of its path, from the source's border to the target's. */
    private record Route(GraphEdge edge, List<double[]> points) {}

    /**
     * The graph of {@code nodes} and {@code edges} as a complete {@code <svg>} element; for no nodes, a small one that
     * says "no datasets".
     */
    public static String svg(List<GraphNode> nodes, List<GraphEdge> edges) {
        Map<String, GraphNode> byId = new LinkedHashMap<>();
        for (GraphNode node : nodes) {
            byId.putIfAbsent(node.id(), node);
        }
        if (byId.isEmpty()) {
            return empty();
        }
        Set<GraphEdge> valid = new LinkedHashSet<>();
        for (GraphEdge edge : edges) {
            if (byId.containsKey(edge.from())
                    && byId.containsKey(edge.to())
                    && !edge.from().equals(edge.to())) {
                valid.add(edge);
            }
        }
        return layOut(byId, List.copyOf(valid));
    }

    private static String layOut(Map<String, GraphNode> nodes, List<GraphEdge> edges) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(LayeredOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(LayeredOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 20.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 48.0);
        root.setProperty(LayeredOptions.SPACING_COMPONENT_COMPONENT, 24.0);
        root.setProperty(LayeredOptions.PADDING, new ElkPadding(MARGIN));
        root.setProperty(LayeredOptions.RANDOM_SEED, 1);

        Map<String, ElkNode> elkNodes = new LinkedHashMap<>();
        for (GraphNode node : nodes.values()) {
            ElkNode elkNode = ElkGraphUtil.createNode(root);
            List<String> lines = lines(node);
            elkNode.setDimensions(width(label(node), lines), height(lines));
            elkNodes.put(node.id(), elkNode);
        }
        List<ElkEdge> elkEdges = new ArrayList<>();
        for (GraphEdge edge : edges) {
            elkEdges.add(ElkGraphUtil.createSimpleEdge(elkNodes.get(edge.from()), elkNodes.get(edge.to())));
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        List<Box> boxes = new ArrayList<>();
        for (GraphNode node : nodes.values()) {
            ElkNode n = elkNodes.get(node.id());
            boxes.add(new Box(node, state(node), lines(node), n.getX(), n.getY(), n.getWidth(), n.getHeight()));
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            // A flat graph's edges belong to the root: their points are in the same coordinates as the nodes.
            List<double[]> points = new ArrayList<>();
            for (ElkEdgeSection section : elkEdges.get(i).getSections()) {
                points.add(new double[] {section.getStartX(), section.getStartY()});
                for (ElkBendPoint bend : section.getBendPoints()) {
                    points.add(new double[] {bend.getX(), bend.getY()});
                }
                points.add(new double[] {section.getEndX(), section.getEndY()});
            }
            routes.add(new Route(edges.get(i), points));
        }
        return draw(boxes, routes, root.getWidth(), root.getHeight());
    }

    private static String draw(List<Box> boxes, List<Route> routes, double width, double height) {
        String aria = "Pipeline graph: " + count(boxes.size(), "dataset") + ", " + count(routes.size(), "dependency");
        StringBuilder svg = open(Math.ceil(width), Math.ceil(height), aria);
        svg.append("<defs><marker");
        attr(svg, "id", ARROW).append(" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\"");
        svg.append(" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">");
        svg.append("<path class=\"arrowhead\" d=\"M0,1 L10,5 L0,9 z\"/></marker></defs><g class=\"edges\">");
        for (Route route : routes) {
            StringBuilder d = new StringBuilder();
            for (double[] point : route.points()) {
                d.append(d.isEmpty() ? "M" : " L")
                        .append(number(point[0]))
                        .append(',')
                        .append(number(point[1]));
            }
            svg.append("<path class=\"edge\"");
            attr(svg, "data-from", route.edge().from());
            attr(svg, "data-to", route.edge().to());
            attr(svg, "d", d.toString());
            attr(svg, "marker-end", "url(#" + ARROW + ")").append("/>");
        }
        svg.append("</g><g class=\"nodes\">");
        for (Box box : boxes) {
            node(svg, box);
        }
        return svg.append("</g></svg>").toString();
    }

    private static void node(StringBuilder svg, Box box) {
        GraphNode node = box.node();
        if (node.href() != null) {
            attr(svg.append("<a"), "href", node.href()).append('>');
        }
        attr(svg.append("<g"), "class", "node state-" + box.state());
        attr(svg, "data-dataset", node.id()).append("><title>");
        svg.append(xml(node.id() + ": " + box.state())).append("</title><rect");
        attr(svg, "x", box.x());
        attr(svg, "y", box.y());
        attr(svg, "width", box.w());
        attr(svg, "height", box.h()).append(" rx=\"6\" ry=\"6\"/>");
        double x = box.x() + PAD_X;
        double baseline = box.y() + PAD_Y + LABEL_SIZE;
        attr(text(svg, "label", x, baseline, LABEL_SIZE), "font-weight", "bold");
        svg.append('>').append(xml(label(node))).append("</text>");
        for (String line : box.lines()) {
            baseline += LINE_HEIGHT;
            text(svg, "line", x, baseline, LINE_SIZE)
                    .append('>')
                    .append(xml(line))
                    .append("</text>");
        }
        svg.append("</g>");
        if (node.href() != null) {
            svg.append("</a>");
        }
    }

    /** A {@code <text>} element's start, open for more attributes. */
    private static StringBuilder text(StringBuilder svg, String cls, double x, double y, double size) {
        attr(svg.append("<text"), "class", cls);
        attr(svg, "x", x);
        attr(svg, "y", y);
        return attr(svg, "font-size", size);
    }

    private static String empty() {
        StringBuilder svg = open(240, 48, "Pipeline graph: no datasets");
        attr(text(svg, "empty", 120, 28, LABEL_SIZE), "text-anchor", "middle");
        return svg.append(">no datasets</text></svg>").toString();
    }

    private static StringBuilder open(double width, double height, String ariaLabel) {
        StringBuilder svg = new StringBuilder(8192).append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        attr(svg, "class", "strata-graph");
        attr(svg, "viewBox", "0 0 " + number(width) + " " + number(height));
        attr(svg, "width", width);
        attr(svg, "height", height);
        attr(svg, "role", "img");
        attr(svg, "aria-label", ariaLabel);
        attr(svg, "font-family", "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace");
        return svg.append(">");
    }

    private static StringBuilder attr(StringBuilder svg, String name, String value) {
        return svg.append(' ').append(name).append("=\"").append(xml(value)).append('"');
    }

    private static StringBuilder attr(StringBuilder svg, String name, double value) {
        return attr(svg, name, number(value));
    }

    private static String label(GraphNode node) {
        return node.label() == null ? node.id() : node.label();
    }

    private static List<String> lines(GraphNode node) {
        return node.lines().size() <= MAX_LINES ? node.lines() : node.lines().subList(0, MAX_LINES);
    }

    private static String state(GraphNode node) {
        return node.state() != null && STATES.contains(node.state()) ? node.state() : "never";
    }

    private static double width(String label, List<String> lines) {
        double text = label.codePointCount(0, label.length()) * CHAR_WIDTH * LABEL_SIZE;
        for (String line : lines) {
            text = Math.max(text, line.codePointCount(0, line.length()) * CHAR_WIDTH * LINE_SIZE);
        }
        return Math.max(MIN_WIDTH, Math.ceil(text + 2 * PAD_X));
    }

    private static double height(List<String> lines) {
        return 2 * PAD_Y + LABEL_HEIGHT + lines.size() * LINE_HEIGHT;
    }

    private static String count(int n, String noun) {
        return n + " "
                + (n == 1 ? noun : noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    /** A coordinate to a tenth, without a trailing {@code .0}; the same in every locale. */
    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    /**
     * {@code text} escaped for XML text and attribute values alike; a character XML does not allow (a control
     * character, a lone surrogate) becomes U+FFFD, and a tab or line break a space.
     */
    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(' ');
                default ->
                    out.appendCodePoint(
                            (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : 0xFFFD);
            }
        });
        return out.toString();
    }
}
