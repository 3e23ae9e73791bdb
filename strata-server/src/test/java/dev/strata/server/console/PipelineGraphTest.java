package dev.strata.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The pipeline graph's SVG, read back with the JDK's XML parser: its nodes, edges, layout direction and escaping. */
class PipelineGraphTest {
    private static final String SVG = "http://www.w3.org/2000/svg";

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    private static List<Element> elements(Document doc, String name) {
        NodeList list = doc.getElementsByTagNameNS(SVG, name);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            elements.add((Element) list.item(i));
        }
        return elements;
    }

    private static List<Element> nodes(Document doc) {
        return elements(doc, "g").stream()
                .filter(g -> g.getAttribute("class").startsWith("node "))
                .toList();
    }

    private static List<Element> edges(Document doc) {
        return elements(doc, "path").stream()
                .filter(p -> p.getAttribute("class").equals("edge"))
                .toList();
    }

    private static Element node(Document doc, String dataset) {
        return nodes(doc).stream()
                .filter(g -> g.getAttribute("data-dataset").equals(dataset))
                .findFirst()
                .orElseThrow();
    }

    private static Element rect(Document doc, String dataset) {
        return (Element) node(doc, dataset).getElementsByTagNameNS(SVG, "rect").item(0);
    }

    private static double x(Document doc, String dataset) {
        return Double.parseDouble(rect(doc, dataset).getAttribute("x"));
    }

    private static double right(Document doc, String dataset) {
        return x(doc, dataset) + Double.parseDouble(rect(doc, dataset).getAttribute("width"));
    }

    private static List<String> texts(Element node) {
        NodeList list = node.getElementsByTagNameNS(SVG, "text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            texts.add(list.item(i).getTextContent());
        }
        return texts;
    }

    private static GraphNode node(String id, String state) {
        return new GraphNode(id, null, state, List.of(), null);
    }

    @Test
    void noDatasetsIsASmallSvgThatSaysSo() throws Exception {
        Document doc = parse(PipelineGraph.svg(List.of(), List.of(new GraphEdge("a", "b"))));
        Element svg = doc.getDocumentElement();
        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.getAttribute("aria-label")).contains("no datasets");
        assertThat(svg.getTextContent()).contains("no datasets");
        assertThat(nodes(doc)).isEmpty();
        assertThat(edges(doc)).isEmpty();
    }

    @Test
    void aSingleNodeHasItsStateLabelLinesAndLink() throws Exception {
        GraphNode orders = new GraphNode(
                "silver.orders",
                "orders",
                "succeeded",
                List.of("in 120 · written 117", "quarantined 3 · dropped 0", "rules 4/5", "a fourth line"),
                "/console/pipelines/p/datasets/silver.orders");
        Document doc = parse(PipelineGraph.svg(List.of(orders), List.of()));

        Element svg = doc.getDocumentElement();
        assertThat(svg.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(svg.getAttribute("viewBox"))
                .isEqualTo("0 0 " + svg.getAttribute("width") + " " + svg.getAttribute("height"));
        assertThat(svg.getAttribute("aria-label")).isEqualTo("Pipeline graph: 1 dataset, 0 dependencies");

        Element node = node(doc, "silver.orders");
        assertThat(node.getAttribute("class")).isEqualTo("node state-succeeded");
        assertThat(texts(node))
                .as("the label, then at most three lines")
                .containsExactly("orders", "in 120 · written 117", "quarantined 3 · dropped 0", "rules 4/5");
        Element label = (Element) node.getElementsByTagNameNS(SVG, "text").item(0);
        assertThat(label.getAttribute("class")).isEqualTo("label");
        assertThat(label.getAttribute("font-weight")).isEqualTo("bold");
        assertThat(rect(doc, "silver.orders").getAttribute("rx")).isNotEmpty();
        Element link = (Element) node.getParentNode();
        assertThat(link.getLocalName()).isEqualTo("a");
        assertThat(link.getAttribute("href")).isEqualTo("/console/pipelines/p/datasets/silver.orders");
        assertThat(Double.parseDouble(rect(doc, "silver.orders").getAttribute("width")))
                .as("wide enough for the longest line")
                .isGreaterThan("quarantined 3 · dropped 0".length() * 6.0);
    }

    @Test
    void aDiamondIsLaidOutLeftToRight() throws Exception {
        List<GraphNode> nodes = List.of(
                node("bronze.raw", "succeeded"),
                node("silver.a", "failed"),
                node("silver.b", "succeeded"),
                node("gold.report", "upstream_failed"));
        List<GraphEdge> edges = List.of(
                new GraphEdge("bronze.raw", "silver.a"),
                new GraphEdge("bronze.raw", "silver.b"),
                new GraphEdge("silver.a", "gold.report"),
                new GraphEdge("silver.b", "gold.report"));
        Document doc = parse(PipelineGraph.svg(nodes, edges));

        assertThat(nodes(doc)).hasSize(4);
        assertThat(node(doc, "silver.a").getAttribute("class")).isEqualTo("node state-failed");
        assertThat(node(doc, "gold.report").getAttribute("class")).isEqualTo("node state-upstream_failed");
        assertThat(edges(doc)).hasSize(4);
        for (GraphEdge edge : edges) {
            assertThat(x(doc, edge.to())).as(edge.toString()).isGreaterThan(right(doc, edge.from()));
        }
        for (Element edge : edges(doc)) {
            assertThat(edge.getAttribute("d")).startsWith("M").contains(" L");
            assertThat(edge.getAttribute("marker-end")).isEqualTo("url(#strata-graph-arrow)");
            String[] points = edge.getAttribute("d").substring(1).split(" L");
            assertThat(Double.parseDouble(points[0].split(",")[0]))
                    .as("ELK's route leaves the source at its right side")
                    .isCloseTo(right(doc, edge.getAttribute("data-from")), within(0.11));
            assertThat(Double.parseDouble(points[points.length - 1].split(",")[0]))
                    .as("and reaches the target at its left side")
                    .isCloseTo(x(doc, edge.getAttribute("data-to")), within(0.11));
        }
        assertThat(elements(doc, "marker")).hasSize(1);
        assertThat(elements(doc, "a")).as("no node has a link").isEmpty();
    }

    @Test
    void edgesToUnknownDatasetsToItselfAndRepeatedOnesAreLeftOut() throws Exception {
        List<GraphNode> nodes = List.of(node("x", "running"), node("y", "queued"), node("z", "skipped"));
        List<GraphEdge> edges = List.of(
                new GraphEdge("x", "y"),
                new GraphEdge("y", "ghost"),
                new GraphEdge("ghost", "z"),
                new GraphEdge("x", "x"),
                new GraphEdge("x", "y"));
        Document doc = parse(PipelineGraph.svg(nodes, edges));

        assertThat(nodes(doc)).hasSize(3);
        assertThat(edges(doc)).hasSize(1);
        assertThat(edges(doc).get(0).getAttribute("data-from")).isEqualTo("x");
        assertThat(edges(doc).get(0).getAttribute("data-to")).isEqualTo("y");
        assertThat(node(doc, "z").getAttribute("class")).isEqualTo("node state-skipped");
        assertThat(doc.getDocumentElement().getAttribute("aria-label"))
                .isEqualTo("Pipeline graph: 3 datasets, 1 dependency");
    }

    @Test
    void anUnknownOrMissingStateIsNever() throws Exception {
        Document doc = parse(PipelineGraph.svg(List.of(node("a", "exploded"), node("b", null)), List.of()));
        assertThat(node(doc, "a").getAttribute("class")).isEqualTo("node state-never");
        assertThat(node(doc, "b").getAttribute("class")).isEqualTo("node state-never");
    }

    @Test
    void everyTextAndAttributeIsEscaped() throws Exception {
        String id = "raw.'o'<&>\"s\"";
        GraphNode node =
                new GraphNode(id, "a<b&\"c\"", "succeeded", List.of("x < y & z", "bell\u0007"), "/d?a=1&b='2'");
        String svg = PipelineGraph.svg(List.of(node), List.of());

        assertThat(svg).contains(">a&lt;b&amp;&quot;c&quot;</text>").doesNotContain("a<b");
        Document doc = parse(svg);
        Element g = node(doc, id);
        assertThat(texts(g)).containsExactly("a<b&\"c\"", "x < y & z", "bell\uFFFD");
        assertThat(((Element) g.getParentNode()).getAttribute("href")).isEqualTo("/d?a=1&b='2'");
    }

    @Test
    void fiftyDatasetsAreAllLaidOutAndEveryEdgePointsRight() throws Exception {
        List<GraphNode> nodes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            nodes.add(new GraphNode(
                    String.format("layer%d.dataset_%02d", i / 8, i),
                    null,
                    "succeeded",
                    List.of("in 1000 · written 998"),
                    null));
        }
        List<GraphEdge> edges = dagEdges(nodes);
        Document doc = parse(PipelineGraph.svg(nodes, edges));

        assertThat(nodes(doc)).hasSize(50);
        assertThat(edges(doc)).hasSize(edges.size());
        for (GraphEdge edge : edges) {
            assertThat(x(doc, edge.to())).as(edge.toString()).isGreaterThan(right(doc, edge.from()));
        }
    }

    @Test
    void theSameInputGivesTheSameSvg() {
        List<GraphNode> nodes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            nodes.add(node("ds" + i, i % 3 == 0 ? "failed" : "succeeded"));
        }
        List<GraphEdge> edges = dagEdges(nodes);
        String first = PipelineGraph.svg(nodes, edges);
        assertThat(PipelineGraph.svg(List.copyOf(nodes), List.copyOf(edges))).isEqualTo(first);
        assertThat(PipelineGraph.svg(nodes, edges)).isEqualTo(first);
    }

    @Test
    void concurrentCallsGiveTheSameSvg() throws Exception {
        List<GraphNode> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nodes.add(node("ds" + i, "succeeded"));
        }
        List<GraphEdge> edges = dagEdges(nodes);
        String expected = PipelineGraph.svg(nodes, edges);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> svgs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                svgs.add(pool.submit(() -> PipelineGraph.svg(nodes, edges)));
            }
            for (Future<String> svg : svgs) {
                assertThat(svg.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A DAG, the same at every call: each edge from an earlier node to a later one, 70 for 50 nodes. */
    private static List<GraphEdge> dagEdges(List<GraphNode> nodes) {
        Random random = new Random(42);
        Set<GraphEdge> edges = new LinkedHashSet<>();
        for (int i = 1; i < nodes.size(); i++) {
            edges.add(new GraphEdge(
                    nodes.get(random.nextInt(i)).id(), nodes.get(i).id()));
        }
        while (edges.size() < Math.min(70, nodes.size() * 3 / 2)) {
            int to = 1 + random.nextInt(nodes.size() - 1);
            edges.add(new GraphEdge(
                    nodes.get(random.nextInt(to)).id(), nodes.get(to).id()));
        }
        return List.copyOf(edges);
    }
}
