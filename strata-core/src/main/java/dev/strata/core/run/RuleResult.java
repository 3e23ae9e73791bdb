package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.core.spec.RuleType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one rule found in one batch: {@code checked = passed + failed}. A rule on the batch as a whole (row_count,
 * mean, anomaly, ...) checks one thing, the batch: {@code value} is what it measured and {@code expected} what it
 * allows, e.g. {@code >= 1} or {@code 812.0 .. 1204.5}.
 */
public record RuleResult(
        String name,
        String rule,
        String onFail,
        long checked,
        long passed,
        long failed,
        RuleStatus status,
        String message,
        Double value,
        String expected) {

    public RuleResult {
        requireNonNull(name, "name is null");
        requireNonNull(status, "status is null");
    }

    /** How many of {@code rules} passed: status {@link RuleStatus#PASSED}. */
    public static int passed(List<RuleResult> rules) {
        return (int) rules.stream().filter(r -> r.status() == RuleStatus.PASSED).count();
    }

    /** Fraction of checked rows that passed; 1 when nothing was checked. */
    public double passFraction() {
        return checked == 0 ? 1.0 : (double) passed / checked;
    }

    /** The pass fraction as the run's JSON carries it: null when nothing was checked, so nothing was measured. */
    @JsonProperty(value = "pass_fraction", access = JsonProperty.Access.READ_ONLY)
    public Double measuredPassFraction() {
        return checked == 0 ? null : passFraction();
    }

    /**
     * One result per rule over several batches of one run (e.g. Kafka micro-batches): counts add up, the worst status
     * wins, and the last message is kept.
     */
    public static List<RuleResult> combine(List<RuleResult> results) {
        Map<String, RuleResult> byName = new LinkedHashMap<>();
        for (RuleResult result : results) {
            byName.merge(result.name(), result, RuleResult::combine);
        }
        return List.copyOf(byName.values());
    }

    /** Two batches' results of one rule; a row rule's value, its pass fraction, is the combined one. */
    private static RuleResult combine(RuleResult a, RuleResult b) {
        long checked = a.checked() + b.checked();
        long passed = a.passed() + b.passed();
        Double value = b.value() != null ? b.value() : a.value();
        if (a.judgesRows()) {
            value = checked == 0 ? null : (double) passed / checked;
        }
        return new RuleResult(
                a.name(),
                a.rule(),
                a.onFail(),
                checked,
                passed,
                a.failed() + b.failed(),
                a.status().compareTo(b.status()) >= 0 ? a.status() : b.status(),
                b.message() != null ? b.message() : a.message(),
                value,
                b.expected() != null ? b.expected() : a.expected());
    }

    /** Whether the rule judged rows (a row rule or unique), so its value is its pass fraction. */
    private boolean judgesRows() {
        return Arrays.stream(RuleType.values()).anyMatch(t -> t.id().equals(rule) && t.judgesRows());
    }
}
