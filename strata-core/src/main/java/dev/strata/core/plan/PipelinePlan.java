package dev.strata.core.plan;

import static java.util.Objects.requireNonNull;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.PipelineValidationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a run will build: the pipeline's datasets in topological order. Refinements return a new plan. */
public record PipelinePlan(String pipelineName, List<DatasetPlan> datasets) {

    public PipelinePlan {
        requireNonNull(pipelineName, "pipelineName is null");
        datasets = List.copyOf(datasets);
        Set<DatasetName> seen = new HashSet<>();
        for (DatasetPlan dataset : datasets) {
            if (!seen.add(dataset.name())) {
                throw new IllegalArgumentException("Dataset " + dataset.name() + " is planned twice");
            }
        }
    }

    /** The dataset names, in build order. */
    public List<DatasetName> names() {
        return datasets.stream().map(DatasetPlan::name).toList();
    }

    public Optional<DatasetPlan> dataset(DatasetName name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Every dataset of this plan that reads {@code name}, directly or not, in build order; not {@code name} itself. */
    public List<DatasetName> downstreamOf(DatasetName name) {
        requireKnown(name);
        Map<DatasetName, List<DatasetName>> consumers = new HashMap<>();
        for (DatasetPlan dataset : datasets) {
            for (DatasetName input : dataset.upstream()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(dataset.name());
            }
        }
        return inBuildOrder(reach(name, consumers));
    }

    /** Every dataset of this plan that {@code name} reads, directly or not, in build order; not {@code name} itself. */
    public List<DatasetName> upstreamOf(DatasetName name) {
        requireKnown(name);
        Map<DatasetName, List<DatasetName>> inputs = new HashMap<>();
        datasets.forEach(d -> inputs.put(d.name(), d.upstream()));
        return inBuildOrder(reach(name, inputs));
    }

    /**
     * This plan restricted to a dbt-like selection, in the same order. The selector is a comma- or space-separated
     * list of terms: {@code silver.orders} (that dataset), {@code silver.orders+} (and everything downstream),
     * {@code +gold.revenue} (and everything upstream), {@code +silver.orders+} (both), {@code silver.*} (a whole layer),
     * {@code tag:pii} (every dataset tagged pii; {@code tag:pii+} and the rest work as for a name). A bare name such as
     * {@code orders} works when one layer has it.
     *
     * @throws PipelineValidationException when a term names nothing in the plan
     */
    public PipelinePlan only(String selector) {
        Set<DatasetName> selected = Selector.parse(selector).select(this);
        return new PipelinePlan(
                pipelineName,
                datasets.stream().filter(d -> selected.contains(d.name())).toList());
    }

    private void requireKnown(DatasetName name) {
        if (dataset(name).isEmpty()) {
            throw PipelineValidationException.of(Selector.unknown(name.toString(), name.toString(), this));
        }
    }

    private static Set<DatasetName> reach(DatasetName start, Map<DatasetName, List<DatasetName>> edges) {
        Set<DatasetName> reached = new HashSet<>();
        Deque<DatasetName> todo = new ArrayDeque<>(edges.getOrDefault(start, List.of()));
        while (!todo.isEmpty()) {
            DatasetName next = todo.pop();
            if (reached.add(next)) {
                todo.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        reached.remove(start);
        return reached;
    }

    private List<DatasetName> inBuildOrder(Set<DatasetName> names) {
        return names().stream().filter(names::contains).toList();
    }
}
