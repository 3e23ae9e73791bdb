package dev.strata.core.argo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TriggerSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pipeline needs to run as Argo tasks, checked at export: refuses what cannot work (exit 2), and notes what
 * falls back or is not mapped. Locations are read as the file writes them, before parameters are filled in.
 */
final class SplitChecks {
    private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

    private SplitChecks() {}

    /**
     * The notes of an export; throws for a pipeline whose tasks cannot share state.
     *
     * @param raw the file as written (its {@code ${…}} not filled in)
     */
    static List<String> check(
            PipelineSpec spec, PipelinePlan plan, JsonNode raw, List<TaskGraph.Task> tasks, ArgoOptions options) {
        List<String> notes = new ArrayList<>();
        storageRoot(spec, plan, raw, tasks, options, notes);
        JsonNode sources = raw.path("sources");
        for (Iterator<Map.Entry<String, JsonNode>> it = sources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> source = it.next();
            String path = source.getValue().path("path").asText(null);
            if (path != null && isLocal(path) && !path.startsWith("/")) {
                notes.add("sources." + source.getKey() + ".path '" + path + "' is relative: in a task it resolves"
                        + " under " + WorkflowTemplates.MOUNT + "/, where only the pipeline file is; write an object"
                        + " store URI (s3a://…) or a path on a volume you mount");
            }
        }
        for (DatasetPlan dataset : plan.datasets()) {
            SourceSpec source = dataset.readsSource() ? spec.sources().get(dataset.source()) : null;
            if (source != null && source.format() == SourceFormat.KAFKA && tasks.size() > 1) {
                notes.add(dataset.name() + " reads Kafka source " + dataset.source() + ": its task keeps the stream's"
                        + " checkpoint under storage.root/_strata/checkpoints, so a retried task resumes where the"
                        + " last committed micro-batch ended (exactly-once holds only with a storage.root every pod"
                        + " shares)");
            }
        }
        triggers(spec, options, notes);
        if (spec.schedule() != null || spec.triggers().stream().anyMatch(t -> t.kafka() != null)) {
            spec.parameters().forEach((name, declared) -> {
                if (declared.required()) {
                    notes.add("parameter " + name + " has no default, and the CronWorkflow and Sensor give it no"
                            + " value: their workflows fail until it has one (a default in the file, or in the"
                            + " WorkflowTemplate's arguments)");
                }
            });
        }
        return List.copyOf(notes);
    }

    private static void storageRoot(
            PipelineSpec spec,
            PipelinePlan plan,
            JsonNode raw,
            List<TaskGraph.Task> tasks,
            ArgoOptions options,
            List<String> notes) {
        String root = raw.path("storage").path("root").asText(StorageSpec.DEFAULT_ROOT);
        Matcher parameter = PARAMETER.matcher(root);
        if (parameter.find()) {
            ParameterSpec declared = spec.parameters().get(parameter.group(1));
            String fallback = declared != null ? declared.defaultValue() : null;
            if (fallback == null && parameter.group(2) != null) {
                fallback = parameter.group(2).substring(2);
            }
            if (fallback != null && isLocal(fallback)) {
                notes.add("storage.root is '" + root + "', by default '" + fallback + "', a path on the pod's own"
                        + " disk: give an object store URI when you submit (argo submit -p " + parameter.group(1)
                        + "=s3a://…), or the tables vanish with the pod"
                        + (tasks.size() > 1 ? " and no task sees what the one before it wrote" : ""));
            }
            return;
        }
        if (!isLocal(root)) {
            return;
        }
        if (tasks.size() > 1) {
            throw new ArgoExportException(
                    "the datasets of pipeline " + plan.pipelineName() + " cannot run as separate "
                            + options.granularity().id() + " tasks: storage.root '" + root + "' is a path on each"
                            + " pod's own disk, so no task would see the tables, ledger and checkpoints the one"
                            + " before it wrote",
                    "write an object store URI such as s3a://bucket/lake as storage.root, or export with"
                            + " --granularity " + Granularity.PIPELINE.id());
        }
        notes.add("storage.root '" + root + "' is a path on the pod's own disk: the tables vanish with the pod unless"
                + " you mount a volume there; prefer an object store URI (s3a://…)");
    }

    private static void triggers(PipelineSpec spec, ArgoOptions options, List<String> notes) {
        for (int i = 0; i < spec.triggers().size(); i++) {
            TriggerSpec trigger = spec.triggers().get(i);
            String at = "triggers[" + i + "]";
            if (trigger.kind() == TriggerSpec.Kind.DATASET) {
                notes.add(at + " (after " + trigger.dataset().pipeline() + "'s "
                        + trigger.dataset().name()
                        + ") is not exported: Argo Events has no event for another Strata pipeline's commit; run"
                        + " this pipeline's WorkflowTemplate after the other one's, e.g. as a task of its workflow");
            } else if (trigger.kind() == TriggerSpec.Kind.FILES) {
                notes.add(at + " (files under " + trigger.files().path() + ") is not exported: Argo Events' file"
                        + " source watches only its own pod's disk; use its minio, s3 (sqs/sns) or pubSub source on"
                        + " the bucket the files land in");
            } else if (trigger.kind() == TriggerSpec.Kind.KAFKA) {
                if (options.kafkaUrl() == null) {
                    throw new ArgoExportException(
                            at + " starts a run on Kafka topic "
                                    + trigger.kafka().topic() + ", and the EventSource needs the broker",
                            "pass --kafka-url HOST:PORT[,HOST:PORT…]");
                }
                if (trigger.debounceWindow().toMillis() > 0) {
                    notes.add(at + ": debounce " + trigger.debounceWindow().toSeconds() + "s is not mapped: Argo"
                            + " Events submits one workflow per matching message (the WorkflowTemplate's mutex runs"
                            + " them one at a time)");
                }
            }
        }
    }

    /** Whether a location written in the file is a path on the local disk rather than a URI. */
    static boolean isLocal(String location) {
        return !URI.matcher(location).find() || location.startsWith("file:");
    }
}
