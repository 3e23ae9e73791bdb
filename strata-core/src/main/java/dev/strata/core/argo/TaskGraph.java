package dev.strata.core.argo;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.spec.DatasetName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of a workflow: the plan's datasets grouped by granularity, each group run by {@code strata run --only
 * <selector>}, and a task depending on the tasks that build what its datasets read (the plan's edges, lifted to
 * groups).
 */
final class TaskGraph {
    /** One task: its DNS-safe name, the selector it passes to {@code --only}, its datasets and the tasks it waits for. */
    record Task(String name, String selector, List<DatasetName> datasets, List<String> dependencies) {}

    private TaskGraph() {}

    /**
     * The tasks of {@code plan} at {@code granularity}, in build order.
     *
     * @throws ArgoExportException when the plan cannot be split that way (layers that read each other, or dataset
     *     names that map to the same task name)
     */
    static List<Task> of(PipelinePlan plan, Granularity granularity) {
        Map<String, List<DatasetName>> groups = new LinkedHashMap<>();
        Map<String, String> selectors = new LinkedHashMap<>();
        Map<DatasetName, String> groupOf = new LinkedHashMap<>();
        for (DatasetPlan dataset : plan.datasets()) {
            String key;
            String selector;
            switch (granularity) {
                case DATASET -> {
                    key = taskName(dataset.name().toString());
                    selector = dataset.name().toString();
                }
                case LAYER -> {
                    key = taskName(dataset.name().layer());
                    selector = dataset.name().layer() + ".*";
                }
                default -> {
                    key = "pipeline";
                    selector = "*";
                }
            }
            String previous = selectors.putIfAbsent(key, selector);
            if (previous != null && !previous.equals(selector)) {
                throw new ArgoExportException(
                        "datasets " + groups.get(key).get(0) + " and " + dataset.name() + " both map to the Argo task"
                                + " name '" + key + "'",
                        "rename one of them, or export with --granularity " + Granularity.PIPELINE.id());
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(dataset.name());
            groupOf.put(dataset.name(), key);
        }
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        groups.keySet().forEach(key -> dependencies.put(key, new LinkedHashSet<>()));
        for (DatasetPlan dataset : plan.datasets()) {
            String group = groupOf.get(dataset.name());
            for (DatasetName input : dataset.upstream()) {
                String from = groupOf.get(input);
                if (from != null && !from.equals(group)) {
                    dependencies.get(group).add(from);
                }
            }
        }
        requireAcyclic(dependencies, granularity);
        List<Task> tasks = new ArrayList<>();
        groups.forEach((key, datasets) -> tasks.add(
                new Task(key, selectors.get(key), List.copyOf(datasets), List.copyOf(dependencies.get(key)))));
        return List.copyOf(tasks);
    }

    /** {@code silver.orders} as a task name: lower case, '.' and '_' as '-' (Argo task names allow no dots). */
    static String taskName(String text) {
        return text.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
    }

    /** Datasets never form a cycle (the planner refuses one), but layers can: silver.a reads gold.b reads silver.c. */
    private static void requireAcyclic(Map<String, Set<String>> dependencies, Granularity granularity) {
        Set<String> done = new LinkedHashSet<>();
        boolean progress = true;
        while (progress && done.size() < dependencies.size()) {
            progress = false;
            for (Map.Entry<String, Set<String>> task : dependencies.entrySet()) {
                if (!done.contains(task.getKey()) && done.containsAll(task.getValue())) {
                    done.add(task.getKey());
                    progress = true;
                }
            }
        }
        if (done.size() < dependencies.size()) {
            List<String> stuck = dependencies.keySet().stream()
                    .filter(key -> !done.contains(key))
                    .toList();
            throw new ArgoExportException(
                    "the " + granularity.id() + "s " + String.join(", ", stuck) + " read each other's datasets, so"
                            + " they cannot run as separate tasks one after the other",
                    "export with --granularity " + Granularity.DATASET.id());
        }
    }
}
