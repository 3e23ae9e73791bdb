package dev.strata.core.plan;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.Suggestions;
import dev.strata.core.spec.TransformSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Builds the DAG of a pipeline from {@code from:}, joins, SQL table references and {@code references} rules. */
public final class Planner {
    private static final String QUARANTINE_SUFFIX = "__quarantine";

    private Planner() {}

    /**
     * The datasets in a deterministic topological order (ties broken by the order of the file).
     *
     * @throws PipelineValidationException for an invalid dataset name, an unknown reference or a cycle; its problems
     *     carry paths but no file positions (validate the file with the loader for those)
     */
    public static PipelinePlan plan(PipelineSpec spec) {
        List<Problem> problems = new ArrayList<>();
        Map<DatasetName, DatasetSpec> declared = new LinkedHashMap<>();
        spec.datasets()
                .forEach((key, dataset) -> DatasetName.tryParse(key)
                        .ifPresentOrElse(
                                name -> declared.put(name, dataset),
                                () -> problems.add(Problem.unlocated(
                                        "datasets." + key,
                                        "invalid dataset name '" + key + "'",
                                        "write layer.name, e.g. silver.orders"))));
        Set<String> layers = layers(declared.keySet());
        Set<String> sourceNames = spec.sources().keySet();

        Map<DatasetName, Inputs> inputs = new LinkedHashMap<>();
        declared.forEach((name, dataset) -> {
            Inputs in = inputs(dataset, declared.keySet(), sourceNames, layers);
            inputs.put(name, in);
            for (Unresolved unknown : in.unresolved()) {
                Collection<String> candidates = unknown.path().equals("from")
                        ? union(sourceNames, names(declared.keySet()))
                        : names(declared.keySet());
                problems.add(Problem.unlocated(
                        "datasets." + name + "." + unknown.path(),
                        "references " + unknown.reference() + ", which is not defined",
                        Suggestions.didYouMean(unknown.reference(), candidates, false)
                                .orElse("declare it under datasets:")));
            }
        });
        if (!problems.isEmpty()) {
            throw new PipelineValidationException(problems);
        }

        Map<DatasetName, List<DatasetName>> upstream = new LinkedHashMap<>();
        inputs.forEach((name, in) -> upstream.put(name, in.upstream()));
        List<DatasetName> order = topologicalOrder(upstream);
        if (order.size() < declared.size()) {
            List<DatasetName> cycle = cycle(upstream, order);
            throw PipelineValidationException.of(Problem.unlocated(
                    "datasets." + cycle.get(0),
                    cycleMessage(cycle),
                    "a dataset cannot read itself, directly or through others"));
        }
        List<DatasetPlan> plans = new ArrayList<>();
        for (DatasetName name : order) {
            DatasetSpec dataset = declared.get(name);
            Inputs in = inputs.get(name);
            plans.add(new DatasetPlan(
                    name,
                    dataset,
                    in.source(),
                    in.upstream(),
                    dataset.write().formatOr(spec.storage().format())));
        }
        return new PipelinePlan(spec.name(), plans);
    }

    /**
     * A cycle among the given datasets (keys as in the file), as {@code [a, b, a]} in the direction data flows and
     * starting at the dataset that comes first in the file; empty when there is none. Unknown references are ignored.
     */
    public static Optional<List<DatasetName>> findCycle(Map<String, DatasetSpec> datasets) {
        Map<DatasetName, DatasetSpec> declared = new LinkedHashMap<>();
        datasets.forEach((key, dataset) -> DatasetName.tryParse(key).ifPresent(name -> declared.put(name, dataset)));
        Set<String> layers = layers(declared.keySet());
        Map<DatasetName, List<DatasetName>> upstream = new LinkedHashMap<>();
        declared.forEach((name, dataset) -> upstream.put(
                name, inputs(dataset, declared.keySet(), Set.of(), layers).upstream()));
        List<DatasetName> order = topologicalOrder(upstream);
        return order.size() < declared.size() ? Optional.of(cycle(upstream, order)) : Optional.empty();
    }

    /** {@code dataset cycle: a -> b -> a}. */
    public static String cycleMessage(List<DatasetName> cycle) {
        return "dataset cycle: " + cycle.stream().map(DatasetName::toString).collect(Collectors.joining(" -> "));
    }

    /** The layers SQL references are recognised in: the declared ones plus bronze, silver and gold. */
    public static Set<String> layers(Collection<DatasetName> declared) {
        Set<String> layers = new TreeSet<>(SqlReferences.STANDARD_LAYERS);
        declared.forEach(name -> layers.add(name.layer()));
        return layers;
    }

    /**
     * The declared dataset a reference reads: the dataset itself, or the parent of a {@code __quarantine} table;
     * empty when nothing declared matches.
     */
    public static Optional<DatasetName> resolve(DatasetName reference, Set<DatasetName> declared) {
        if (declared.contains(reference)) {
            return Optional.of(reference);
        }
        if (reference.name().endsWith(QUARANTINE_SUFFIX) && reference.name().length() > QUARANTINE_SUFFIX.length()) {
            DatasetName parent = new DatasetName(
                    reference.layer(),
                    reference.name().substring(0, reference.name().length() - QUARANTINE_SUFFIX.length()));
            if (declared.contains(parent)) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }

    /** A reference that names nothing declared, and the key (relative to the dataset) it was found under. */
    private record Unresolved(String path, String reference) {}

    private record Inputs(String source, List<DatasetName> upstream, List<Unresolved> unresolved) {}

    private static Inputs inputs(
            DatasetSpec dataset, Set<DatasetName> declared, Set<String> sourceNames, Set<String> layers) {
        Set<DatasetName> upstream = new LinkedHashSet<>();
        List<Unresolved> unresolved = new ArrayList<>();
        String source = null;
        if (dataset.from() != null) {
            Optional<DatasetName> read = DatasetName.tryParse(dataset.from()).flatMap(name -> resolve(name, declared));
            if (read.isPresent()) {
                upstream.add(read.get());
            } else if (sourceNames.contains(dataset.from())) {
                source = dataset.from();
            } else {
                unresolved.add(new Unresolved("from", dataset.from()));
            }
        }
        if (dataset.sql() != null) {
            sqlInputs(dataset.sql(), "sql", declared, layers, upstream, unresolved);
        }
        for (int i = 0; i < dataset.transform().size(); i++) {
            TransformSpec step = dataset.transform().get(i);
            if (step.join() != null && step.join().with() != null) {
                Optional<DatasetName> with =
                        DatasetName.tryParse(step.join().with()).flatMap(name -> resolve(name, declared));
                if (with.isPresent()) {
                    upstream.add(with.get());
                } else {
                    unresolved.add(new Unresolved(
                            "transform[" + i + "].join.with", step.join().with()));
                }
            }
            if (step.sql() != null) {
                sqlInputs(step.sql(), "transform[" + i + "].sql", declared, layers, upstream, unresolved);
            }
        }
        for (int i = 0; i < dataset.expect().size(); i++) {
            RuleSpec rule = dataset.expect().get(i);
            if (rule.rule() == RuleType.REFERENCES && rule.references() != null) {
                int dot = rule.references().lastIndexOf('.');
                String table = dot < 0 ? rule.references() : rule.references().substring(0, dot);
                Optional<DatasetName> target = DatasetName.tryParse(table).flatMap(name -> resolve(name, declared));
                if (target.isPresent()) {
                    upstream.add(target.get());
                } else {
                    unresolved.add(new Unresolved("expect[" + i + "].references", table));
                }
            }
        }
        return new Inputs(source, List.copyOf(upstream), List.copyOf(unresolved));
    }

    private static void sqlInputs(
            String sql,
            String path,
            Set<DatasetName> declared,
            Set<String> layers,
            Set<DatasetName> upstream,
            List<Unresolved> unresolved) {
        for (DatasetName reference : SqlReferences.extract(sql, layers)) {
            Optional<DatasetName> read = resolve(reference, declared);
            if (read.isPresent()) {
                upstream.add(read.get());
            } else {
                unresolved.add(new Unresolved(path, reference.toString()));
            }
        }
    }

    /** Kahn's algorithm, always taking the ready dataset that comes first in the file; stops short on a cycle. */
    static List<DatasetName> topologicalOrder(Map<DatasetName, List<DatasetName>> upstream) {
        List<DatasetName> fileOrder = new ArrayList<>(upstream.keySet());
        Map<DatasetName, Integer> index = new HashMap<>();
        for (int i = 0; i < fileOrder.size(); i++) {
            index.put(fileOrder.get(i), i);
        }
        Map<DatasetName, List<DatasetName>> downstream = new HashMap<>();
        int[] waiting = new int[fileOrder.size()];
        upstream.forEach((name, inputs) -> {
            for (DatasetName input : inputs) {
                if (index.containsKey(input)) {
                    downstream.computeIfAbsent(input, k -> new ArrayList<>()).add(name);
                    waiting[index.get(name)]++;
                }
            }
        });
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < waiting.length; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<DatasetName> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            DatasetName next = fileOrder.get(ready.poll());
            order.add(next);
            for (DatasetName consumer : downstream.getOrDefault(next, List.of())) {
                if (--waiting[index.get(consumer)] == 0) {
                    ready.add(index.get(consumer));
                }
            }
        }
        return order;
    }

    /** A cycle among the datasets the topological order could not place, rotated to start first in the file. */
    private static List<DatasetName> cycle(Map<DatasetName, List<DatasetName>> upstream, List<DatasetName> placed) {
        Set<DatasetName> stuck = new LinkedHashSet<>(upstream.keySet());
        placed.forEach(stuck::remove);
        // Every stuck dataset waits on a stuck input, so walking inputs must come back to one already seen.
        List<DatasetName> walk = new ArrayList<>();
        Set<DatasetName> seen = new HashSet<>();
        DatasetName current = stuck.iterator().next();
        while (seen.add(current)) {
            walk.add(current);
            current = upstream.get(current).stream()
                    .filter(stuck::contains)
                    .findFirst()
                    .orElseThrow();
        }
        List<DatasetName> againstFlow = walk.subList(walk.indexOf(current), walk.size());
        List<DatasetName> flow = new ArrayList<>(againstFlow);
        Collections.reverse(flow);
        List<DatasetName> fileOrder = new ArrayList<>(upstream.keySet());
        DatasetName first = flow.stream()
                .min((a, b) -> Integer.compare(fileOrder.indexOf(a), fileOrder.indexOf(b)))
                .orElseThrow();
        int start = flow.indexOf(first);
        List<DatasetName> rotated = new ArrayList<>(flow.subList(start, flow.size()));
        rotated.addAll(flow.subList(0, start));
        rotated.add(first);
        return List.copyOf(rotated);
    }

    private static List<String> names(Collection<DatasetName> names) {
        return names.stream().map(DatasetName::toString).toList();
    }

    private static Collection<String> union(Collection<String> a, Collection<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
