package dev.strata.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.EncryptSpec;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.WriteSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Shows a plan as text, JSON, Graphviz DOT or a Mermaid flowchart; a pure function of the plan and its spec. */
public final class PlanRenderer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LABEL_WIDTH = "%-11s";

    private PlanRenderer() {}

    /** The plan in the given format, ending in a newline. */
    public static String render(PipelinePlan plan, PipelineSpec spec, PlanFormat format) {
        return switch (format) {
            case TEXT -> text(plan, spec);
            case JSON -> json(plan, spec);
            case DOT -> dot(plan, spec);
            case MERMAID -> mermaid(plan, spec);
        };
    }

    // ---- text ----

    private static String text(PipelinePlan plan, PipelineSpec spec) {
        StringBuilder out = new StringBuilder();
        int count = plan.datasets().size();
        out.append("Pipeline ")
                .append(plan.pipelineName())
                .append(": ")
                .append(count)
                .append(count == 1 ? " dataset" : " datasets")
                .append(" in build order\n");
        int number = 1;
        for (DatasetPlan dataset : plan.datasets()) {
            DatasetSpec ds = dataset.spec();
            out.append('\n')
                    .append(number++)
                    .append(". ")
                    .append(dataset.name())
                    .append('\n');
            DatasetNotes.text(ds, (label, values) -> line(out, label, values));
            line(out, "input:", List.of(input(dataset, spec)));
            if (!ds.transform().isEmpty()) {
                line(
                        out,
                        "transform:",
                        ds.transform().stream().map(PlanRenderer::transform).toList());
            }
            if (!ds.expect().isEmpty()) {
                line(out, "rules:", ds.expect().stream().map(PlanRenderer::rule).toList());
            }
            line(out, "write:", List.of(write(ds.write())));
            String layout = dataset.format().id();
            if (!ds.write().partitionBy().isEmpty()) {
                layout += ", partition_by " + String.join(", ", ds.write().partitionBy());
            }
            line(out, "format:", List.of(layout));
            if (ds.schemaEvolution() != SchemaEvolution.STRICT) {
                line(out, "evolution:", List.of(id(ds.schemaEvolution().name())));
            }
            if (ds.encrypt() != null) {
                line(out, "encrypt:", List.of(encrypt(ds.encrypt())));
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            out.append("   ")
                    .append(String.format(Locale.ROOT, LABEL_WIDTH, i == 0 ? label : ""))
                    .append(values.get(i))
                    .append('\n');
        }
    }

    private static String input(DatasetPlan dataset, PipelineSpec spec) {
        List<String> parts = new ArrayList<>();
        if (dataset.source() != null) {
            SourceSpec source = spec.sources().get(dataset.source());
            parts.add("source " + dataset.source() + " (" + sourceDetail(source) + ")");
        }
        dataset.upstream().forEach(name -> parts.add(name.toString()));
        String inputs = parts.isEmpty() ? "none" : String.join(", ", parts);
        return dataset.spec().sql() != null ? inputs + " (sql)" : inputs;
    }

    private static String sourceDetail(SourceSpec source) {
        if (source == null) {
            return "undeclared";
        }
        String where = location(source);
        return source.format().id() + (where == null ? "" : ", " + where);
    }

    /** Where a source reads from: its path, its Kafka topic, or its JDBC table and URL. */
    static String location(SourceSpec source) {
        return switch (source.format()) {
            case KAFKA -> source.topic() == null ? null : "topic " + source.topic();
            case JDBC -> source.table() + " at " + source.url();
            default -> source.path();
        };
    }

    /** A step in short form, e.g. {@code dedupe(order_id by ordered_at DESC)} or {@code derive(order_date)}. */
    static String transform(TransformSpec step) {
        return switch (step.kind()) {
            case SELECT -> "select(" + String.join(", ", step.select()) + ")";
            case RENAME ->
                "rename("
                        + step.rename().entrySet().stream()
                                .map(e -> e.getKey() + " -> " + e.getValue())
                                .collect(Collectors.joining(", "))
                        + ")";
            case CAST ->
                "cast("
                        + step.cast().entrySet().stream()
                                .map(e -> e.getKey() + " AS " + e.getValue())
                                .collect(Collectors.joining(", "))
                        + ")";
            case FILTER -> "filter(" + step.filter() + ")";
            case DERIVE -> "derive(" + String.join(", ", step.derive().keySet()) + ")";
            case DEDUPE ->
                "dedupe(" + String.join(", ", step.dedupe().keys())
                        + (step.dedupe().orderBy() == null
                                ? ""
                                : " by " + step.dedupe().orderBy()) + ")";
            case JOIN ->
                "join(" + step.join().how().sparkName() + " " + step.join().with()
                        + (step.join().on().isEmpty()
                                ? " on " + step.join().condition()
                                : " using " + String.join(", ", step.join().on()))
                        + ")";
            case SQL -> "sql";
        };
    }

    /** A rule in short form, e.g. {@code between(amount) mostly 0.99 -> warn}. */
    public static String rule(RuleSpec rule) {
        String mostly = rule.mostly() == null ? "" : " mostly " + plain(rule.mostly());
        return rule.displayName() + mostly + " -> " + rule.onFail().id();
    }

    /** A write in short form, e.g. {@code merge by id, latest by updated_at}. */
    public static String write(WriteSpec write) {
        StringBuilder out = new StringBuilder(write.mode().id());
        if (!write.keys().isEmpty()) {
            out.append(" by ").append(String.join(", ", write.keys()));
        }
        if (!write.track().isEmpty()) {
            out.append(", tracking ").append(String.join(", ", write.track()));
        }
        if (write.orderBy() != null) {
            out.append(", latest by ").append(write.orderBy());
        }
        if (write.deleteWhen() != null) {
            out.append(", delete when ").append(write.deleteWhen());
        }
        return out.toString();
    }

    private static String encrypt(EncryptSpec encrypt) {
        return String.join(", ", encrypt.columns()) + " with key " + encrypt.key()
                + (Boolean.TRUE.equals(encrypt.deterministic()) ? " (deterministic)" : "");
    }

    // ---- JSON ----

    private static String json(PipelinePlan plan, PipelineSpec spec) {
        ObjectNode root = NODES.objectNode();
        root.put("pipeline", plan.pipelineName());
        ArrayNode datasets = root.putArray("datasets");
        for (DatasetPlan dataset : plan.datasets()) {
            DatasetSpec ds = dataset.spec();
            ObjectNode node = datasets.addObject();
            node.put("name", dataset.name().toString());
            node.put("layer", dataset.name().layer());
            DatasetNotes.json(ds, node);
            if (dataset.source() == null) {
                node.putNull("source");
            } else {
                SourceSpec source = spec.sources().get(dataset.source());
                ObjectNode src = node.putObject("source");
                src.put("name", dataset.source());
                src.put("format", source == null ? null : source.format().id());
                src.put("location", source == null ? null : location(source));
            }
            ArrayNode upstream = node.putArray("upstream");
            dataset.upstream().forEach(name -> upstream.add(name.toString()));
            node.put("sql", ds.sql() != null);
            ArrayNode transforms = node.putArray("transforms");
            ds.transform().forEach(step -> transforms.add(transform(step)));
            ArrayNode rules = node.putArray("rules");
            for (RuleSpec rule : ds.expect()) {
                ObjectNode r = rules.addObject();
                r.put("name", rule.displayName());
                r.put("rule", rule.rule().id());
                r.put("on_fail", rule.onFail().id());
                r.put("mostly", rule.requiredPassFraction());
            }
            ObjectNode write = node.putObject("write");
            write.put("mode", ds.write().mode().id());
            ArrayNode keys = write.putArray("keys");
            ds.write().keys().forEach(keys::add);
            write.put("format", dataset.format().id());
            ArrayNode partitions = write.putArray("partition_by");
            ds.write().partitionBy().forEach(partitions::add);
            node.put("schema_evolution", id(ds.schemaEvolution().name()));
            if (ds.encrypt() == null) {
                node.putNull("encrypt");
            } else {
                ObjectNode enc = node.putObject("encrypt");
                ArrayNode columns = enc.putArray("columns");
                ds.encrypt().columns().forEach(columns::add);
                enc.put("key", ds.encrypt().key());
                enc.put("deterministic", Boolean.TRUE.equals(ds.encrypt().deterministic()));
            }
        }
        ArrayNode edges = root.putArray("edges");
        for (Edge edge : edges(plan)) {
            edges.addObject().put("from", edge.from()).put("to", edge.to());
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render plan as JSON", e);
        }
    }

    // ---- graphs ----

    /** An edge between two node keys: {@code source:<name>} for sources, the dataset name for datasets. */
    private record Edge(String from, String to) {}

    private static List<Edge> edges(PipelinePlan plan) {
        List<Edge> edges = new ArrayList<>();
        for (DatasetPlan dataset : plan.datasets()) {
            if (dataset.source() != null) {
                edges.add(new Edge("source:" + dataset.source(), dataset.name().toString()));
            }
            dataset.upstream()
                    .forEach(up ->
                            edges.add(new Edge(up.toString(), dataset.name().toString())));
        }
        return edges;
    }

    /** Upstream datasets outside the plan (after {@code only}), shown as dashed nodes. */
    private static Set<String> external(PipelinePlan plan) {
        Set<String> inPlan = plan.names().stream().map(DatasetName::toString).collect(Collectors.toSet());
        Set<String> external = new LinkedHashSet<>();
        plan.datasets()
                .forEach(d -> d.upstream().stream()
                        .map(DatasetName::toString)
                        .filter(name -> !inPlan.contains(name))
                        .forEach(external::add));
        return external;
    }

    private static Map<String, String> sourceLabels(PipelinePlan plan, PipelineSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (DatasetPlan dataset : plan.datasets()) {
            if (dataset.source() != null) {
                SourceSpec source = spec.sources().get(dataset.source());
                labels.put(
                        dataset.source(), source == null ? "?" : source.format().id());
            }
        }
        return labels;
    }

    private static String datasetLabel(DatasetPlan dataset) {
        return dataset.spec().write().mode().id() + ", " + dataset.format().id();
    }

    private static String dot(PipelinePlan plan, PipelineSpec spec) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(plan.pipelineName())).append(" {\n");
        out.append("  rankdir=LR;\n");
        out.append("  node [shape=box];\n");
        sourceLabels(plan, spec)
                .forEach((name, format) -> out.append("  ")
                        .append(quote("source:" + name))
                        .append(" [label=")
                        .append(quote(name + "\\n" + format))
                        .append(", shape=cylinder];\n"));
        for (DatasetPlan dataset : plan.datasets()) {
            out.append("  ")
                    .append(quote(dataset.name().toString()))
                    .append(" [label=")
                    .append(quote(dataset.name() + "\\n" + datasetLabel(dataset)))
                    .append("];\n");
        }
        external(plan).forEach(name -> out.append("  ").append(quote(name)).append(" [style=dashed];\n"));
        for (Edge edge : edges(plan)) {
            out.append("  ")
                    .append(quote(edge.from()))
                    .append(" -> ")
                    .append(quote(edge.to()))
                    .append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static String quote(String id) {
        return "\"" + id.replace("\"", "\\\"") + "\"";
    }

    private static String mermaid(PipelinePlan plan, PipelineSpec spec) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        Map<String, String> ids = new LinkedHashMap<>();
        int n = 1;
        for (Map.Entry<String, String> source : sourceLabels(plan, spec).entrySet()) {
            String id = "s" + n++;
            ids.put("source:" + source.getKey(), id);
            out.append("  ")
                    .append(id)
                    .append("[(\"")
                    .append(mermaidText(source.getKey() + "<br/>" + source.getValue()))
                    .append("\")]\n");
        }
        n = 1;
        for (DatasetPlan dataset : plan.datasets()) {
            String id = "d" + n++;
            ids.put(dataset.name().toString(), id);
            out.append("  ")
                    .append(id)
                    .append("[\"")
                    .append(mermaidText(dataset.name() + "<br/>" + datasetLabel(dataset)))
                    .append("\"]\n");
        }
        n = 1;
        for (String name : external(plan)) {
            String id = "x" + n++;
            ids.put(name, id);
            out.append("  ").append(id).append("[\"").append(mermaidText(name)).append("\"]\n");
            out.append("  style ").append(id).append(" stroke-dasharray: 5 5\n");
        }
        for (Edge edge : edges(plan)) {
            out.append("  ")
                    .append(ids.get(edge.from()))
                    .append(" --> ")
                    .append(ids.get(edge.to()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;");
    }

    // ---- small things ----

    private static String id(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
