package dev.strata.cli.demo;

/** What one row of a file is; every defective row has exactly one defect. */
enum RowKind {
    CLEAN,
    UPDATE,
    NULL_KEY,
    DUPLICATE,
    BAD_EMAIL,
    NEGATIVE_AMOUNT,
    UNPARSABLE_AMOUNT,
    UNPARSABLE_TIMESTAMP,
    UNKNOWN_TIER,
    MALFORMED_JSON
}
