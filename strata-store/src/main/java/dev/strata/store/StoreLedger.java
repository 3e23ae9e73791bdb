package dev.strata.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.ledger.RunStore;
import dev.strata.core.run.RunResult;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run ledger in the metadata store, for a run given a database: the store is the record, committed with the
 * dataset's pending batch removed in one transaction. The lakehouse's own ledger next to its tables (the engine's
 * files) is kept too: what it holds (from runs without the database) is read as well, and every entry is mirrored to
 * it, so a lakehouse moves between the two without ingesting anything twice. Opened by {@link RunStore#ledger}.
 */
public final class StoreLedger implements Ledger {
    private static final ObjectMapper JSON = Ledger.json();

    private final LedgerRepository store;
    private final String storageRoot;
    private final Ledger files;

    public StoreLedger(LedgerRepository store, String storageRoot, Ledger files) {
        this.store = requireNonNull(store, "store is null");
        this.storageRoot = requireNonNull(storageRoot, "storageRoot is null");
        this.files = requireNonNull(files, "files is null");
    }

    @Override
    public List<LedgerEntry> entries(String dataset) {
        Map<String, LedgerEntry> byRun = new LinkedHashMap<>();
        files.entries(dataset).forEach(e -> byRun.put(e.runId(), e));
        for (String json : store.entries(storageRoot, dataset)) {
            LedgerEntry entry = read(json, LedgerEntry.class);
            byRun.put(entry.runId(), entry);
        }
        List<LedgerEntry> entries = new ArrayList<>(byRun.values());
        entries.sort(Comparator.comparing(LedgerEntry::committedAt));
        return entries;
    }

    @Override
    public void commit(LedgerEntry entry) {
        store.commit(storageRoot, entry.dataset(), entry.runId(), entry.committedAt(), write(entry));
        files.commit(entry);
    }

    /** Resets both: an entry the files hold from a run without the database would otherwise survive the refresh. */
    @Override
    public int reset(String dataset, String keptRunId) {
        Set<String> forgotten = new HashSet<>();
        entries(dataset).stream()
                .map(LedgerEntry::runId)
                .filter(run -> !run.equals(keptRunId))
                .forEach(forgotten::add);
        store.reset(storageRoot, dataset, keptRunId);
        files.reset(dataset, keptRunId);
        return forgotten.size();
    }

    @Override
    public void begin(PendingBatch batch) {
        store.begin(storageRoot, batch.dataset(), write(batch));
    }

    /** The store's pending batch; else one a run without the database began and did not commit. */
    @Override
    public PendingBatch pending(String dataset) {
        return store.pending(storageRoot, dataset)
                .map(json -> read(json, PendingBatch.class))
                .orElseGet(() -> files.pending(dataset));
    }

    @Override
    public void clearPending(String dataset) {
        store.clearPending(storageRoot, dataset);
        files.clearPending(dataset);
    }

    @Override
    public void recordRun(RunResult result) {
        store.recordRun(storageRoot, result.runId(), Instant.now(), write(result));
        files.recordRun(result);
    }

    @Override
    public RunResult run(String runId) {
        return store.run(storageRoot, runId)
                .map(json -> read(json, RunResult.class))
                .orElseGet(() -> files.run(runId));
    }

    /** The run records mirrored to the files, which every run writes, with or without the database. */
    @Override
    public List<RunResult> recentRuns(int limit) {
        return files.recentRuns(limit);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write a ledger record as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot read a ledger record from the metadata store", e);
        }
    }
}
