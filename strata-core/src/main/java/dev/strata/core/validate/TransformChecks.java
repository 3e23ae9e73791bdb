package dev.strata.core.validate;

import dev.strata.core.spec.TransformSpec;

/** Checks one step under {@code transform:}: a join's partner and condition, dedupe keys, and the tables SQL reads. */
final class TransformChecks {
    private final Problems problems;
    private final ReferenceChecks references;

    TransformChecks(Problems problems, ReferenceChecks references) {
        this.problems = problems;
        this.references = references;
    }

    void check(YamlPath path, TransformSpec step) {
        if (step.join() != null) {
            checkJoin(path.child("join"), step.join());
        }
        if (step.dedupe() != null && step.dedupe().keys().isEmpty()) {
            problems.error(path.resolve("dedupe", "keys"), "dedupe needs at least one key", "e.g. keys: [order_id]");
        }
        if (step.sql() != null) {
            references.checkSql(path.child("sql"), step.sql());
        }
    }

    private void checkJoin(YamlPath join, TransformSpec.Join spec) {
        if (!references.isDataset(spec.with())) {
            problems.error(
                    join.child("with"),
                    "joins " + spec.with() + ", which is not a dataset",
                    references.isSource(spec.with())
                            ? "a source cannot be joined: read it into a dataset, and join that"
                            : references.datasetHint(spec.with()));
        }
        boolean hasOn = !spec.on().isEmpty();
        boolean hasCondition = spec.condition() != null;
        if (!hasOn && !hasCondition) {
            problems.errorAtKey(
                    join,
                    "a join needs 'on' or 'condition'",
                    "on: [customer_id] joins equal columns; condition: \"l.id = r.id\" takes any SQL");
        } else if (hasOn && hasCondition) {
            problems.errorAtKey(
                    join.child("condition"),
                    "a join takes 'on' or 'condition', not both",
                    "keep on: for equal columns, or condition: for any SQL");
        }
    }
}
