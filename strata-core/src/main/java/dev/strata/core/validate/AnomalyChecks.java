package dev.strata.core.validate;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.Durations;
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
        checkSettings(path, rule);
    }

    /** The anomaly settings: each applies to some strategies only, and says so when set on another. */
    private void checkSettings(YamlPath path, RuleSpec rule) {
        AnomalyStrategy strategy = rule.strategy();
        boolean change =
                strategy == AnomalyStrategy.ABSOLUTE_CHANGE || strategy == AnomalyStrategy.RELATIVE_RATE_OF_CHANGE;
        boolean normal = strategy == AnomalyStrategy.ONLINE_NORMAL || strategy == AnomalyStrategy.BATCH_NORMAL;
        String id = strategy.id();
        if (rule.order() != null) {
            if (!change) {
                notFor(path, "order", id, "absolute_change and relative_rate_of_change");
            } else if (rule.order() < 1) {
                problems.error(
                        path.child("order"),
                        "order must be at least 1, got " + rule.order(),
                        "order: 1 compares with the previous run, order: 2 with the change before it");
            } else if (rule.order() > rule.historyOrDefault()) {
                problems.error(
                        path.child("order"),
                        "order " + rule.order() + " needs more past runs than history " + rule.historyOrDefault(),
                        "raise history or lower order");
            }
        }
        checkSide(path, rule, "lower_stddevs", rule.lowerStddevs(), normal);
        checkSide(path, rule, "upper_stddevs", rule.upperStddevs(), normal);
        if (rule.ignoreAnomalies() != null && !normal) {
            notFor(path, "ignore_anomalies", id, "online_normal and batch_normal");
        }
        if (rule.period() != null) {
            if (strategy != AnomalyStrategy.HOLT_WINTERS) {
                notFor(path, "period", id, "holt_winters");
            } else if (rule.seasonality() != null) {
                problems.error(
                        path.child("period"),
                        "set either period or seasonality, not both",
                        "seasonality: daily is period: 7, seasonality: weekly is period: 52");
            } else if (rule.period() < 2) {
                problems.error(
                        path.child("period"),
                        "period must be at least 2 values per cycle, got " + rule.period(),
                        "e.g. period: 24 for hourly runs with a daily cycle");
            }
        }
        Integer period = rule.seasonPeriod();
        if (strategy == AnomalyStrategy.HOLT_WINTERS
                && period != null
                && rule.history() != null
                && rule.history() < 2 * period) {
            problems.error(
                    path.child("history"),
                    "holt_winters learns from two full cycles: history " + rule.history() + " is less than 2 x "
                            + period,
                    "e.g. history: " + 3 * period + " (three cycles)");
        }
        if (rule.window() != null && !Durations.SYNTAX.matcher(rule.window()).matches()) {
            problems.error(
                    path.child("window"),
                    "invalid window '" + rule.window() + "'",
                    "write a number and a unit s, m, h, d or w, e.g. 30d: only the past runs of the last 30 days count");
        }
    }

    private void checkSide(YamlPath path, RuleSpec rule, String field, Double value, boolean normal) {
        if (value == null) {
            return;
        }
        if (!normal) {
            notFor(path, field, rule.strategy().id(), "online_normal and batch_normal");
        } else if (rule.stddevs() != null) {
            problems.error(
                    path.child(field),
                    "set either stddevs (both sides) or lower_stddevs/upper_stddevs, not both",
                    "e.g. lower_stddevs: 2 alone checks only drops");
        } else if (value <= 0) {
            problems.error(path.child(field), field + " must be positive", "e.g. " + field + ": 3");
        }
    }

    private void notFor(YamlPath path, String field, String strategy, String strategies) {
        problems.error(
                path.child(field),
                field + " does not apply to strategy " + strategy,
                field + " applies to " + strategies + "; remove it");
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
                if (rule.seasonality() == null && rule.period() == null) {
                    problems.error(
                            path,
                            "strategy holt_winters needs 'seasonality' or 'period'",
                            "seasonality: daily (a run a day, weekly cycle), weekly (a run a week, yearly cycle), or"
                                    + " period: 24 (values per cycle, e.g. hourly runs with a daily cycle)");
                }
            }
            default -> {}
        }
    }
}
