package dev.strata.core.quality.rules;

import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.metric.BatchMetrics;
import dev.strata.core.quality.metric.Metric;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.List;

/**
 * One kind of quality rule: the keys it takes in the pipeline file, an example, the metrics it needs, and its verdict.
 * Like Deequ's {@code AnalysisBasedConstraint}, a rule is judged on measured metrics alone: the engine measures what
 * {@link #metrics} asks for, in the batch's one pass, and {@link #judge} never sees the data. {@link RuleKinds} lists
 * every kind; the validator, the JSON Schema and the rule tables of docs/quality.md read it.
 */
public interface RuleKind {
    /** The rule's name in the file, {@code rule: <id>}. */
    RuleType type();

    /** The keys the rule takes besides {@code rule}, {@code name}, {@code on_fail} and {@code where}. */
    List<String> fields();

    /** A complete rule of this kind in YAML flow style, for messages and docs. */
    String example();

    /** The keys in words, for the rule table of docs/quality.md, e.g. {@code `column`, `pattern` (Java syntax)}. */
    String fieldsDoc();

    /** When a row fails (row rules) or what is measured (whole-batch rules), for the rule table. */
    String meaning();

    /** The metrics the rule reads in {@link #judge}; the engine measures each once per batch. */
    List<Metric<?>> metrics(RuleSpec rule);

    /** The rule's verdict from the batch's metrics, and the metrics it adds to the run's stored ones. */
    Judged judge(RuleSpec rule, BatchMetrics metrics, JudgeContext context);

    default String id() {
        return type().id();
    }

    /** A verdict and the metrics the rule stores with it, e.g. {@code pass_rate(rule)} or {@code value(rule)}. */
    record Judged(RuleResult result, List<MetricValue> metrics) {}

    /** The status of a rule that did not hold: FAILED when the rule fails the dataset, else WARNED. */
    static RuleStatus breach(RuleSpec rule) {
        return rule.onFail() == OnFail.FAIL ? RuleStatus.FAILED : RuleStatus.WARNED;
    }
}
