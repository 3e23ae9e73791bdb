package dev.strata.core.plan;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A parsed dbt-like dataset selection such as {@code silver.orders+ gold.* tag:pii}. */
record Selector(String text, List<Term> terms) {
    private static final String TAG_PREFIX = "tag:";

    /** One term: a dataset, a whole layer or every dataset with a tag, with or without its upstream and downstream. */
    record Term(String text, String target, boolean upstream, boolean downstream) {}

    static Selector parse(String text) {
        if (text == null || text.isBlank()) {
            throw PipelineValidationException.of(Problem.unlocated(
                    "",
                    "empty selection",
                    "name datasets, e.g. silver.orders, silver.orders+, +gold.revenue, silver.*, tag:pii"));
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.trim().split("[,\\s]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            boolean upstream = raw.startsWith("+");
            boolean downstream = raw.endsWith("+") && raw.length() > 1;
            String target = raw.substring(upstream ? 1 : 0, raw.length() - (downstream ? 1 : 0));
            terms.add(new Term(raw, target, upstream, downstream));
        }
        return new Selector(text, List.copyOf(terms));
    }

    Set<DatasetName> select(PipelinePlan plan) {
        List<Problem> problems = new ArrayList<>();
        Set<DatasetName> selected = new LinkedHashSet<>();
        for (Term term : terms) {
            List<DatasetName> matched = match(term, plan, problems);
            for (DatasetName name : matched) {
                selected.add(name);
                if (term.upstream()) {
                    selected.addAll(plan.upstreamOf(name));
                }
                if (term.downstream()) {
                    selected.addAll(plan.downstreamOf(name));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PipelineValidationException(problems);
        }
        return selected;
    }

    private static List<DatasetName> match(Term term, PipelinePlan plan, List<Problem> problems) {
        String target = term.target();
        List<DatasetName> names = plan.names();
        if (target.equals("*")) {
            return names;
        }
        if (target.startsWith(TAG_PREFIX)) {
            return tagged(term, target.substring(TAG_PREFIX.length()), plan, problems);
        }
        if (target.endsWith(".*")) {
            String layer = target.substring(0, target.length() - 2);
            List<DatasetName> inLayer =
                    names.stream().filter(n -> n.layer().equals(layer)).toList();
            if (inLayer.isEmpty()) {
                List<String> layers =
                        names.stream().map(DatasetName::layer).distinct().toList();
                problems.add(Problem.unlocated(
                        "",
                        "'" + term.text() + "' selects layer " + layer + ", which has no dataset",
                        Suggestions.closest(layer, layers)
                                .map(l -> "did you mean " + l + ".*?")
                                .orElse("layers: " + String.join(", ", layers))));
            }
            return inLayer;
        }
        if (target.contains(".")) {
            DatasetName name = DatasetName.tryParse(target).orElse(null);
            if (name != null && names.contains(name)) {
                return List.of(name);
            }
            problems.add(unknown(target, term.text(), plan));
            return List.of();
        }
        List<DatasetName> byName =
                names.stream().filter(n -> n.name().equals(target)).toList();
        if (byName.size() == 1) {
            return byName;
        }
        if (byName.size() > 1) {
            problems.add(Problem.unlocated(
                    "",
                    "'" + term.text() + "' could be "
                            + String.join(
                                    " or ",
                                    byName.stream().map(DatasetName::toString).toList()),
                    "write layer.name"));
            return List.of();
        }
        problems.add(unknown(target, term.text(), plan));
        return List.of();
    }

    private static List<DatasetName> tagged(Term term, String tag, PipelinePlan plan, List<Problem> problems) {
        List<DatasetName> tagged = plan.datasets().stream()
                .filter(dataset -> dataset.spec().tags().contains(tag))
                .map(DatasetPlan::name)
                .toList();
        if (tagged.isEmpty()) {
            List<String> tags = plan.datasets().stream()
                    .flatMap(dataset -> dataset.spec().tags().stream())
                    .distinct()
                    .sorted()
                    .toList();
            problems.add(Problem.unlocated(
                    "",
                    "'" + term.text() + "' selects tag " + (tag.isEmpty() ? "''" : tag) + ", which no dataset of"
                            + " pipeline " + plan.pipelineName() + " has",
                    tags.isEmpty()
                            ? "no dataset has tags: give datasets tags: [" + (tag.isEmpty() ? "pii" : tag) + "]"
                            : Suggestions.closest(tag, tags)
                                    .map(t -> "did you mean tag:" + t + "?")
                                    .orElse("tags: " + String.join(", ", tags))));
        }
        return tagged;
    }

    static Problem unknown(String target, String term, PipelinePlan plan) {
        List<String> names = plan.names().stream().map(DatasetName::toString).toList();
        String selects = target.equals(term) ? "selects " : "'" + term + "' selects ";
        return Problem.unlocated(
                "",
                selects + target + ", which is not a dataset of pipeline " + plan.pipelineName(),
                Suggestions.didYouMean(target, names, false).orElse("datasets: " + String.join(", ", names)));
    }
}
