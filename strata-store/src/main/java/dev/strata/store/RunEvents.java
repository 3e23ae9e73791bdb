package dev.strata.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.secret.Secrets;
import dev.strata.store.RunRepository.State;
import dev.strata.store.RunRepository.StoredRun;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * The lifecycle events of a run's state changes, appended to the {@link EventOutbox} in the transaction that makes the
 * change (docs/events.md). A finished run's summary adds, per dataset, its schema changes, failed rules, anomalies and
 * its completion with row counts and table version; the run's own terminal event comes last.
 */
final class RunEvents {
    private RunEvents() {}

    /** A run put on the queue: first, or again ({@code reason} says why; null for the first time). */
    static void queued(Handle handle, StoredRun run, String reason, Instant at) {
        ObjectNode data = run(run);
        data.put("only", run.only());
        data.set("parameters", LifecycleEvent.DATA.valueToTree(run.parameters()));
        data.put("reason", Secrets.redact(reason));
        append(handle, LifecycleEvent.of(LifecycleEvent.RUN_QUEUED, run.pipeline(), null, at, data));
    }

    /** A run whose engine process started. */
    static void started(Handle handle, StoredRun run, Instant at) {
        ObjectNode data = run(run);
        data.put("server_id", run.serverId());
        append(handle, LifecycleEvent.of(LifecycleEvent.RUN_STARTED, run.pipeline(), null, at, data));
    }

    /** A run that ended, with the events its summary (the engine's, may be null) describes before its own. */
    static void finished(Handle handle, StoredRun run, String summaryJson, Instant at) {
        JsonNode summary = parse(summaryJson);
        for (JsonNode dataset : summary.path("datasets")) {
            datasetEvents(handle, run, dataset, at);
        }
        ObjectNode data = run(run);
        data.put("state", run.state().label());
        if (run.exitCode() == null) {
            data.putNull("exit_code");
        } else {
            data.put("exit_code", run.exitCode());
        }
        data.put("message", Secrets.redact(run.message()));
        data.put("started_at", run.startedAt() == null ? null : run.startedAt().toString());
        data.put("finished_at", at.toString());
        data.put("datasets", summary.path("datasets").size());
        append(handle, LifecycleEvent.of(terminalType(run.state()), run.pipeline(), null, at, data));
    }

    private static void datasetEvents(Handle handle, StoredRun run, JsonNode d, Instant at) {
        String name = d.path("dataset").asText();
        if (!d.path("schema_changes").isEmpty()) {
            ObjectNode data = dataset(run, name);
            data.set("changes", d.path("schema_changes").deepCopy());
            copyLong(d, data, "table_version");
            append(handle, LifecycleEvent.of(LifecycleEvent.SCHEMA_CHANGED, run.pipeline(), name, at, data));
        }
        for (JsonNode rule : d.path("rules")) {
            if ("PASSED".equals(rule.path("status").asText())) {
                continue;
            }
            boolean anomaly = "anomaly".equals(rule.path("rule").asText());
            ObjectNode data = dataset(run, name);
            data.put("rule_name", rule.path("name").asText());
            data.put("rule", rule.path("rule").asText(null));
            data.put("status", rule.path("status").asText().toLowerCase(Locale.ROOT));
            data.put("on_fail", rule.path("on_fail").asText(null));
            if (anomaly) {
                copyNumber(rule, data, "value");
                data.put("expected", rule.path("expected").asText(null));
            } else {
                data.put("checked", rule.path("checked").asLong());
                data.put("passed", rule.path("passed").asLong());
                data.put("failed", rule.path("failed").asLong());
            }
            data.put("message", Secrets.redact(rule.path("message").asText(null)));
            String type = anomaly ? LifecycleEvent.ANOMALY_DETECTED : LifecycleEvent.QUALITY_RULE_FAILED;
            append(handle, LifecycleEvent.of(type, run.pipeline(), name, at, data));
        }
        ObjectNode data = dataset(run, name);
        data.put("status", d.path("status").asText().toLowerCase(Locale.ROOT));
        for (String count :
                new String[] {"rows_in", "rows_added", "rows_written", "rows_quarantined", "rows_dropped"}) {
            data.put(count, d.path(count).asLong());
        }
        copyLong(d, data, "table_version");
        data.put("files_ingested", d.path("files_ingested").size());
        data.put("seconds", d.path("seconds").asDouble());
        data.put("message", Secrets.redact(d.path("message").asText(null)));
        // A summary from before retries existed built each dataset it ran once.
        data.put("attempts", d.path("attempts").asInt(1));
        ArrayNode failed = data.putArray("failed_attempts");
        d.path("failed_attempts").forEach(message -> failed.add(Secrets.redact(message.asText())));
        append(handle, LifecycleEvent.of(LifecycleEvent.DATASET_COMPLETED, run.pipeline(), name, at, data));
    }

    private static ObjectNode run(StoredRun run) {
        ObjectNode data = LifecycleEvent.DATA.createObjectNode();
        data.put("run_id", run.id());
        data.put("pipeline", run.pipeline());
        data.put("version", run.version());
        data.put("attempt", run.attempt());
        data.put("submitted_by", run.submittedBy());
        return data;
    }

    private static ObjectNode dataset(StoredRun run, String dataset) {
        ObjectNode data = LifecycleEvent.DATA.createObjectNode();
        data.put("run_id", run.id());
        data.put("pipeline", run.pipeline());
        data.put("dataset", dataset);
        return data;
    }

    private static void copyLong(JsonNode from, ObjectNode to, String field) {
        if (from.path(field).isIntegralNumber()) {
            to.put(field, from.path(field).asLong());
        } else {
            to.putNull(field);
        }
    }

    private static void copyNumber(JsonNode from, ObjectNode to, String field) {
        if (from.path(field).isNumber()) {
            to.put(field, from.path(field).asDouble());
        } else {
            to.putNull(field);
        }
    }

    private static String terminalType(State state) {
        return switch (state) {
            case SUCCEEDED -> LifecycleEvent.RUN_SUCCEEDED;
            case CANCELLED -> LifecycleEvent.RUN_CANCELLED;
            default -> LifecycleEvent.RUN_FAILED;
        };
    }

    private static JsonNode parse(String summaryJson) {
        if (summaryJson == null) {
            return LifecycleEvent.DATA.createObjectNode();
        }
        try {
            return LifecycleEvent.DATA.readTree(summaryJson);
        } catch (IOException e) {
            return LifecycleEvent.DATA.createObjectNode();
        }
    }

    private static void append(Handle handle, LifecycleEvent event) {
        EventOutbox.append(handle, event);
    }
}
