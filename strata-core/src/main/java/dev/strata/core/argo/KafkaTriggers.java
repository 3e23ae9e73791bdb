package dev.strata.core.argo;

import static dev.strata.core.argo.Manifests.map;

import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.TriggerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Argo Events EventSource and Sensor of a pipeline's Kafka triggers: one Kafka event per trigger, read as JSON,
 * and a Sensor that submits a Workflow from the pipeline's WorkflowTemplate when any of them fires. A trigger's
 * {@code filter} becomes data filters on the message body ({@code body.<key>}): a string value as an anchored regular
 * expression ({@code *} as {@code .*}), a number or boolean as itself, a list as any of its values.
 */
final class KafkaTriggers {
    private KafkaTriggers() {}

    /** The index of each Kafka trigger among {@code triggers:}, with its dependency's name. */
    record Indexed(int index, TriggerSpec.Kafka kafka) {
        String eventName() {
            return "trigger-" + index;
        }
    }

    static List<Indexed> of(PipelineSpec spec) {
        List<Indexed> kafka = new ArrayList<>();
        for (int i = 0; i < spec.triggers().size(); i++) {
            if (spec.triggers().get(i).kafka() != null) {
                kafka.add(new Indexed(i, spec.triggers().get(i).kafka()));
            }
        }
        return kafka;
    }

    static Map<String, Object> eventSource(
            PipelineSpec spec, List<Indexed> triggers, ArgoOptions options, String name) {
        Map<String, Object> events = new java.util.LinkedHashMap<>();
        for (Indexed trigger : triggers) {
            events.put(
                    trigger.eventName(),
                    map(
                            "url", options.kafkaUrl(),
                            "topic", trigger.kafka().topic(),
                            "jsonBody", true,
                            "consumerGroup", map("groupName", name + "-" + trigger.eventName())));
        }
        Map<String, Object> source =
                Manifests.resource(Manifests.ARGO_API, "EventSource", name, options.namespace(), spec.name());
        source.put("spec", map("kafka", events));
        return source;
    }

    static Map<String, Object> sensor(PipelineSpec spec, List<Indexed> triggers, ArgoOptions options, String name) {
        List<Object> dependencies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Indexed trigger : triggers) {
            names.add(trigger.eventName());
            List<Object> data = filters(trigger.kafka().filter());
            dependencies.add(map(
                    "name",
                    trigger.eventName(),
                    "eventSourceName",
                    name,
                    "eventName",
                    trigger.eventName(),
                    "filters",
                    data.isEmpty() ? null : map("data", data)));
        }
        Map<String, Object> workflow = map(
                "apiVersion",
                Manifests.ARGO_API,
                "kind",
                "Workflow",
                "metadata",
                map("generateName", name + "-", "namespace", options.namespace()),
                "spec",
                map("workflowTemplateRef", map("name", name)));
        Map<String, Object> sensor =
                Manifests.resource(Manifests.ARGO_API, "Sensor", name, options.namespace(), spec.name());
        sensor.put(
                "spec",
                map(
                        "template", map("serviceAccountName", options.serviceAccount()),
                        "dependencies", dependencies,
                        "triggers",
                                List.of(map(
                                        "template",
                                        map(
                                                "name", "submit",
                                                "conditions", String.join(" || ", names),
                                                "argoWorkflow",
                                                        map(
                                                                "operation",
                                                                "submit",
                                                                "source",
                                                                map("resource", workflow)))))));
        return sensor;
    }

    private static List<Object> filters(Map<String, Object> filter) {
        List<Object> data = new ArrayList<>();
        filter.forEach((key, value) -> {
            List<?> values = value instanceof List<?> list ? list : List.of(value);
            Object first = values.isEmpty() ? "" : values.get(0);
            String type = first instanceof Number ? "number" : first instanceof Boolean ? "bool" : "string";
            data.add(map(
                    "path",
                    "body." + key,
                    "type",
                    type,
                    "value",
                    values.stream()
                            .map(v -> type.equals("string") ? regex(String.valueOf(v)) : String.valueOf(v))
                            .toList()));
        });
        return data;
    }

    /** A Strata filter string ({@code *} any run of characters) as the anchored regex Argo Events matches. */
    static String regex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(parts[i].isEmpty() ? "" : Pattern.quote(parts[i]));
        }
        return regex.append('$').toString();
    }
}
