package dev.strata.core.validate;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.RuleSpec;

/** Checks the fields of an anomaly rule: the metric it watches, what its strategy needs, and its parameters. */
final class AnomalyChecks {
    private final Problems problems;

    AnomalyChecks(Problems problems) {
        this.problems = problems;
    }

    void check(YamlPath path, RuleSpec rule, String example) {
        if (rule.metric() != null) {
            try {
                MetricKey.parse(rule.metric());
            } catch (IllegalArgumentException e) {
                problems.error(
                        path.child("metric"),
                        e.getMessage(),
                        "e.g. metric: row_count, completeness(email), mean(amount), pass_rate(not_null(id))");
            }
        }
        if (rule.strategy() == null) {
            return; // reported as missing; its parameters are judged with it
        }
        checkStrategy(path, rule, example);
        if (rule.stddevs() != null && rule.stddevs() <= 0) {
            problems.error(path.child("stddevs"), "stddevs must be positive", "e.g. stddevs: 3");
        }
        if (rule.warmup() != null && (rule.warmup() < 0 || rule.warmup() >= 1)) {
            problems.error(path.child("warmup"), "warmup is a fraction of the history, 0 to below 1", "e.g. 0.1");
        }
        if (rule.history() != null && rule.history() < 1) {
            problems.error(path.child("history"), "history must be at least 1 run", "e.g. history: 60");
        }
    }

    private void checkStrategy(YamlPath path, RuleSpec rule, String example) {
        String strategy = rule.strategy().id();
        switch (rule.strategy()) {
            case ABSOLUTE_CHANGE, RELATIVE_RATE_OF_CHANGE -> {
                if (rule.maxIncrease() == null && rule.maxDecrease() == null) {
                    problems.error(path, "strategy " + strategy + " needs 'max_increase' or 'max_decrease'", example);
                }
                if (rule.strategy() == AnomalyStrategy.RELATIVE_RATE_OF_CHANGE
                        && rule.maxDecrease() != null
                        && rule.maxIncrease() != null
                        && rule.maxDecrease() > rule.maxIncrease()) {
                    problems.error(
                            path.child("max_decrease"),
                            "max_decrease " + rule.maxDecrease() + " is greater than max_increase "
                                    + rule.maxIncrease(),
                            "both are ratios to the previous value: max_decrease: 0.5 allows halving, max_increase:"
                                    + " 2.0 allows doubling");
                }
            }
            case SIMPLE_THRESHOLD -> {
                if (rule.min() == null && rule.max() == null) {
                    problems.error(
                            path,
                            "strategy simple_threshold needs 'min' or 'max'",
                            "e.g. {rule: anomaly, metric: completeness(email), strategy: simple_threshold, min: 0.9}");
                }
            }
            case HOLT_WINTERS -> {
                if (rule.seasonality() == null) {
                    problems.error(
                            path,
                            "strategy holt_winters needs 'seasonality'",
                            "seasonality: daily (a run a day, weekly cycle) or weekly (a run a week, yearly cycle)");
                }
            }
            default -> {}
        }
    }
}
