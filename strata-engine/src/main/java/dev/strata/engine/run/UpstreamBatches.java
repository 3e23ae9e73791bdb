package dev.strata.engine.run;

import static org.apache.spark.sql.functions.col;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.WriteMode;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.BatchSource;
import dev.strata.engine.source.Cursor;
import dev.strata.engine.source.SourceBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An upstream dataset as one batch. An append-only upstream whose rows carry their run id is read incrementally: the
 * cursor names the upstream runs that committed rows this dataset has not consumed; any other upstream is read whole.
 */
final class UpstreamBatches implements BatchSource {
    private final DatasetName dataset;
    private final DatasetName upstream;
    private final PipelineTables tables;
    private final Ledger ledger;
    /** The table {@link #next} read, so that reading its cursor does not resolve the table again. */
    private Dataset<Row> table;

    UpstreamBatches(DatasetPlan plan, PipelineTables tables, Ledger ledger) {
        this.dataset = plan.name();
        this.upstream = DatasetName.parse(plan.spec().from());
        this.tables = tables;
        this.ledger = ledger;
    }

    @Override
    public Cursor next() {
        if (!incremental()) {
            return Cursor.NONE;
        }
        // Read only the batches the upstream committed that this dataset has not consumed yet.
        List<String> runs = new ArrayList<>();
        Set<String> consumed = ledger.consumedRuns(dataset.toString(), upstream.toString());
        for (LedgerEntry entry : ledger.entries(upstream.toString())) {
            if (entry.rowsWritten() > 0 && !consumed.contains(entry.runId())) {
                runs.add(entry.runId());
            }
        }
        return runs.isEmpty() ? null : new Cursor(List.of(), Map.of(upstream.toString(), runs));
    }

    /** The whole upstream table; an incremental upstream's runs with rows are recorded as consumed. */
    @Override
    public Cursor all() {
        if (!incremental()) {
            return Cursor.NONE;
        }
        List<String> runs = ledger.entries(upstream.toString()).stream()
                .filter(entry -> entry.rowsWritten() > 0)
                .map(LedgerEntry::runId)
                .toList();
        return runs.isEmpty() ? Cursor.NONE : new Cursor(List.of(), Map.of(upstream.toString(), runs));
    }

    private boolean incremental() {
        table = tables.read(upstream.toString());
        DatasetPlan upstreamPlan = tables.plan(upstream);
        return upstreamPlan != null
                && upstreamPlan.spec().write().mode() == WriteMode.APPEND
                && Arrays.asList(table.columns()).contains(SourceBatch.RUN_ID);
    }

    @Override
    public Batches read(Cursor cursor, BatchRun run) {
        if (cursor.consumed().isEmpty()) {
            return Batches.of(SourceBatch.ofTable(table(upstream.toString()), run, cursor));
        }
        Map.Entry<String, List<String>> runs =
                cursor.consumed().entrySet().iterator().next();
        Dataset<Row> rows = table(runs.getKey())
                .filter(col(SourceBatch.RUN_ID).isin(runs.getValue().toArray()));
        return Batches.of(SourceBatch.ofTable(rows, run, cursor));
    }

    private Dataset<Row> table(String name) {
        return table != null && name.equals(upstream.toString()) ? table : tables.read(name);
    }
}
