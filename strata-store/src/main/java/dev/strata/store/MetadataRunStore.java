package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.RunStore;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.TableFacts;
import java.time.Instant;
import java.util.Locale;

/**
 * The metadata store as a run sees it ({@link RunStore}): the run's metric history, its ledger, and its per-dataset
 * progress in the run's record. Closing it closes the store.
 */
public final class MetadataRunStore implements RunStore {
    private final MetadataStore store;
    private final boolean quarantineSamples;

    /** A store that keeps no quarantine samples. */
    public MetadataRunStore(MetadataStore store) {
        this(store, false);
    }

    /** @param quarantineSamples whether runs record their quarantine samples here ({@code STRATA_QUARANTINE_SAMPLES}) */
    public MetadataRunStore(MetadataStore store, boolean quarantineSamples) {
        this.store = requireNonNull(store, "store is null");
        this.quarantineSamples = quarantineSamples;
    }

    @Override
    public MetricHistory metrics() {
        return store.metrics();
    }

    @Override
    public Ledger ledger(String storageRoot, Ledger files) {
        return new StoreLedger(store.ledger(), storageRoot, files);
    }

    /** Best effort for the caller: throws when the store fails, and the run decides whether to go on. */
    @Override
    public void recordDataset(String runId, DatasetResult result) {
        store.runs()
                .recordDataset(
                        runId,
                        new RunRepository.DatasetOutcome(
                                result.dataset(),
                                result.status().name().toLowerCase(Locale.ROOT),
                                result.rowsIn() + result.rowsAdded(),
                                result.rowsWritten(),
                                result.rowsQuarantined(),
                                result.rowsDropped(),
                                result.seconds(),
                                result.message(),
                                result.attempts(),
                                result.failedAttempts(),
                                RuleResult.passed(result.rules()),
                                result.rules().size()));
    }

    @Override
    public boolean recordsTables() {
        return true;
    }

    @Override
    public boolean recordsQuarantineSamples() {
        return quarantineSamples;
    }

    /** Best effort for the caller, as {@link #recordDataset}. */
    @Override
    public void recordTable(String runId, TableFacts facts) {
        store.tables().record(runId, facts);
    }

    /** Best effort for the caller, as {@link #recordDataset}. */
    @Override
    public void recordQuarantineSample(String runId, String dataset, String role, QuarantineSample sample) {
        store.tables().recordSample(runId, dataset, role, sample);
    }

    /** A CLI run's row: it is allowed (the caller could run it), and has no HTTP status. */
    @Override
    public void audit(String principal, String action, String target) {
        store.audit().append(Instant.now(), principal, action, target, "allowed", 0, "cli");
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
