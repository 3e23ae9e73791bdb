package dev.strata.engine.sink;

/**
 * What maintenance did to one table.
 *
 * @param filesCompacted data files rewritten into larger ones
 * @param filesRemoved files deleted because they belong only to versions past the retention
 * @param detail a one-line, format-specific account, e.g. the snapshots expired
 */
public record MaintenanceResult(long filesCompacted, long filesRemoved, String detail) {}
