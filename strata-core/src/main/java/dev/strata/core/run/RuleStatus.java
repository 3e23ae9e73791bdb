package dev.strata.core.run;

/** The verdict on one rule for one batch. */
public enum RuleStatus {
    PASSED,
    /** Below its threshold; the rows were kept, dropped or quarantined as declared. */
    WARNED,
    /** Below its threshold with on_fail: fail; the dataset failed. */
    FAILED
}
