package dev.strata.core.argo;

import static dev.strata.core.argo.Manifests.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.PipelineSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code strata argo export}: a pipeline as Kubernetes manifests for Argo Workflows and Argo Events, a pure function of
 * the pipeline file (its text and its spec, loaded without filling in references) and the options. docs/deploy.md,
 * "Kubernetes with Argo", maps every pipeline feature.
 *
 * @param manifests the manifests in the order to apply them, each with the file it is written to
 * @param notes what falls back or is not mapped, one sentence each
 */
public record ArgoExport(List<Manifest> manifests, List<String> notes) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One manifest: its kind, the file it is written to, and its YAML. */
    public record Manifest(String kind, String file, Map<String, Object> tree) {
        public String yaml() {
            return Manifests.yaml(tree);
        }
    }

    public ArgoExport {
        manifests = List.copyOf(manifests);
        notes = List.copyOf(notes);
    }

    /**
     * Exports a pipeline.
     *
     * @param spec the pipeline, loaded with references left as written ({@code Variables.unresolved()})
     * @param fileText the pipeline file as written, which the ConfigMap carries
     * @throws ArgoExportException when the pipeline cannot run as asked
     */
    public static ArgoExport of(PipelineSpec spec, String fileText, ArgoOptions options) {
        PipelinePlan plan = Planner.plan(spec);
        JsonNode raw;
        try {
            raw = YAML.readTree(fileText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TaskGraph.Task> tasks = TaskGraph.of(plan, options.granularity());
        List<String> notes = SplitChecks.check(spec, plan, raw, tasks, options);
        String name = Manifests.resourceName(spec.name());
        String prefix = name + "-";
        List<Manifest> manifests = new ArrayList<>();
        manifests.add(new Manifest("ConfigMap", prefix + "configmap.yaml", configMap(spec, fileText, options, name)));
        manifests.add(new Manifest(
                "WorkflowTemplate",
                prefix + "workflowtemplate.yaml",
                WorkflowTemplates.of(spec, tasks, FileReferences.of(fileText), options, name)));
        if (spec.schedule() != null) {
            manifests.add(
                    new Manifest("CronWorkflow", prefix + "cronworkflow.yaml", CronWorkflows.of(spec, options, name)));
        }
        List<KafkaTriggers.Indexed> kafka = KafkaTriggers.of(spec);
        if (!kafka.isEmpty()) {
            manifests.add(new Manifest(
                    "EventSource", prefix + "eventsource.yaml", KafkaTriggers.eventSource(spec, kafka, options, name)));
            manifests.add(
                    new Manifest("Sensor", prefix + "sensor.yaml", KafkaTriggers.sensor(spec, kafka, options, name)));
        }
        return new ArgoExport(manifests, notes);
    }

    /** Every manifest as one multi-document YAML stream, in apply order. */
    public String yaml() {
        StringBuilder out = new StringBuilder();
        for (Manifest manifest : manifests) {
            out.append("---\n").append(manifest.yaml());
        }
        return out.toString();
    }

    private static Map<String, Object> configMap(PipelineSpec spec, String fileText, ArgoOptions options, String name) {
        Map<String, Object> configMap =
                Manifests.resource("v1", "ConfigMap", name + "-pipeline", options.namespace(), spec.name());
        configMap.put("data", map("pipeline.yaml", fileText));
        return configMap;
    }
}
