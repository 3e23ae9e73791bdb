package dev.strata.core.run;

import static java.util.Objects.requireNonNull;

/** What one rule found in one batch: {@code checked = passed + failed}. */
public record RuleResult(
        String name,
        String rule,
        String onFail,
        long checked,
        long passed,
        long failed,
        RuleStatus status,
        String message) {

    public RuleResult {
        requireNonNull(name, "name is null");
        requireNonNull(status, "status is null");
    }

    /** Fraction of checked rows that passed; 1 when nothing was checked. */
    public double passFraction() {
        return checked == 0 ? 1.0 : (double) passed / checked;
    }
}
