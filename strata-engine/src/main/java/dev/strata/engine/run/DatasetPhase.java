package dev.strata.engine.run;

/** What a dataset being built is doing, in the order a batch goes through them. */
public enum DatasetPhase {
    /** Finding its new input and reading it. */
    READING,
    /** Flagging rows against its rules and measuring them. */
    CHECKING,
    /** Writing its valid rows, and its quarantined ones. */
    WRITING,
    /** Recording the batch in the ledger and the metric history. */
    COMMITTING
}
