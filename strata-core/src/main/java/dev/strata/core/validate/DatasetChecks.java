package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.TransformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks one dataset: its input ({@code from:} or {@code sql:}), its steps, rules, write, encryption and access. The
 * steps and rules are bound one by one, so that a broken one hides no other.
 */
final class DatasetChecks {
    private final CheckContext context;
    private final Problems problems;
    private final ReferenceChecks references;
    private final TransformChecks transforms;
    private final RuleChecks rules;
    private final WriteChecks writes;
    private final EncryptChecks encryption;
    private final AccessChecks access;

    DatasetChecks(CheckContext context, ReferenceChecks references) {
        this.context = context;
        this.problems = context.problems();
        this.references = references;
        this.transforms = new TransformChecks(problems, references);
        this.rules = new RuleChecks(problems, references);
        this.writes = new WriteChecks(context);
        this.encryption = new EncryptChecks(problems);
        this.access = new AccessChecks(problems);
    }

    /** Checks one dataset; returns it with its steps and rules when its own fields could be read. */
    Optional<DatasetSpec> check(YamlPath path, JsonNode node) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        ObjectNode shellNode = ((ObjectNode) node).deepCopy();
        shellNode.remove(List.of("transform", "expect"));
        Optional<DatasetSpec> shell = context.bind(path, shellNode, DatasetSpec.class);
        List<TransformSpec> steps = new ArrayList<>();
        JsonNode stepNodes = node.path("transform");
        for (int i = 0; i < stepNodes.size(); i++) {
            YamlPath at = path.resolve("transform", i);
            context.bind(at, stepNodes.get(i), TransformSpec.class).ifPresent(step -> {
                steps.add(step);
                transforms.check(at, step);
            });
        }
        List<RuleSpec> ruleSpecs = new ArrayList<>();
        List<Integer> ruleIndexes = new ArrayList<>();
        JsonNode ruleNodes = node.path("expect");
        for (int i = 0; i < ruleNodes.size(); i++) {
            YamlPath at = path.resolve("expect", i);
            JsonNode ruleNode = ruleNodes.get(i);
            int index = i;
            context.bind(at, ruleNode, RuleSpec.class).ifPresent(rule -> {
                ruleSpecs.add(rule);
                ruleIndexes.add(index);
                rules.check(at, ruleNode, rule);
            });
        }
        RuleChecks.checkNamesDistinct(problems, path, ruleSpecs, ruleIndexes);
        if (shell.isEmpty()) {
            return Optional.empty();
        }
        DatasetSpec dataset = shell.get();
        checkInputs(path, dataset);
        RetryChecks.check(problems, path, node);
        TagChecks.check(problems, path, node);
        writes.check(path.child("write"), node.path("write"), dataset.write());
        if (dataset.encrypt() != null) {
            encryption.check(path.child("encrypt"), dataset.encrypt(), dataset.write());
        }
        if (dataset.access() != null) {
            access.check(path.child("access"), dataset.access());
        }
        return Optional.of(new DatasetSpec(
                dataset.from(),
                dataset.sql(),
                steps,
                ruleSpecs,
                dataset.schemaEvolution(),
                dataset.write(),
                dataset.encrypt(),
                dataset.access(),
                dataset.description(),
                dataset.tags(),
                dataset.columns(),
                dataset.retries(),
                dataset.retryBackoff()));
    }

    private void checkInputs(YamlPath path, DatasetSpec dataset) {
        if (dataset.from() == null && dataset.sql() == null) {
            problems.errorAtKey(
                    path, "a dataset needs 'from' or 'sql'", "read a source or dataset with from:, or write sql:");
        } else if (dataset.from() != null && dataset.sql() != null) {
            problems.errorAtKey(
                    path.child("sql"),
                    "a dataset takes 'from' or 'sql', not both",
                    "keep from: to read one input, or sql: to read any datasets");
        }
        if (dataset.from() != null) {
            references.checkFrom(path.child("from"), dataset.from());
        }
        if (dataset.sql() != null) {
            references.checkSql(path.child("sql"), dataset.sql());
        }
    }
}
