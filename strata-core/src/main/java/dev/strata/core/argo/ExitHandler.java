package dev.strata.core.argo;

import static dev.strata.core.argo.Manifests.map;

import java.util.List;
import java.util.Map;

/**
 * The workflow's {@code onExit}: Argo runs it however the run ended. It posts the run's final lifecycle event,
 * {@code dev.strata.run.succeeded} or {@code dev.strata.run.failed}, as a structured CloudEvent over HTTP to the
 * {@code events-url} parameter (an Argo Events webhook, a Knative broker, any CloudEvents receiver); with no URL it
 * does nothing, and Argo's own status of the workflow is the only mark of how the run ended. The event carries the
 * run id, the pipeline, the workflow's name and Argo's status; it is a subset of the events {@code strata serve} emits
 * (docs/events.md), which need the server's store.
 */
final class ExitHandler {
    private ExitHandler() {}

    static List<Map<String, Object>> templates(String pipeline) {
        String urlGiven = "'{{workflow.parameters.events-url}}' != ''";
        return List.of(
                map(
                        "name",
                        "exit-handler",
                        "steps",
                        List.of(List.of(
                                map(
                                        "name", "report-succeeded",
                                        "template", "report-succeeded",
                                        "when", "{{workflow.status}} == Succeeded && " + urlGiven),
                                map(
                                        "name", "report-failed",
                                        "template", "report-failed",
                                        "when", "{{workflow.status}} != Succeeded && " + urlGiven)))),
                report("report-succeeded", "dev.strata.run.succeeded", pipeline),
                report("report-failed", "dev.strata.run.failed", pipeline));
    }

    private static Map<String, Object> report(String name, String type, String pipeline) {
        String body = "{\"specversion\": \"1.0\", \"id\": \"{{workflow.uid}}-" + type + "\","
                + " \"source\": \"strata://pipelines/" + pipeline + "\", \"type\": \"" + type + "\","
                + " \"subject\": \"" + pipeline + "\", \"datacontenttype\": \"application/json\","
                + " \"data\": {\"run_id\": \"" + WorkflowTemplates.RUN_ID + "\", \"pipeline\": \"" + pipeline + "\","
                + " \"workflow\": \"{{workflow.name}}\", \"argo_status\": \"{{workflow.status}}\"}}";
        return map(
                "name",
                name,
                "http",
                map(
                        "method",
                        "POST",
                        "url",
                        "{{workflow.parameters.events-url}}",
                        "headers",
                        List.of(map("name", "Content-Type", "value", "application/cloudevents+json; charset=UTF-8")),
                        "timeoutSeconds",
                        30,
                        "body",
                        body));
    }
}
