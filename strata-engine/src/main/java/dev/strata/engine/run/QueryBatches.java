package dev.strata.engine.run;

import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.BatchSource;
import dev.strata.engine.source.Cursor;
import dev.strata.engine.source.SourceBatch;

/** A dataset's SQL query as one batch; replaying it runs the query again. */
final class QueryBatches implements BatchSource {
    private final String query;
    private final PipelineTables tables;

    QueryBatches(String query, PipelineTables tables) {
        this.query = query;
        this.tables = tables;
    }

    @Override
    public Cursor next() {
        return Cursor.NONE;
    }

    @Override
    public Batches read(Cursor cursor, BatchRun run) {
        return Batches.of(SourceBatch.ofTable(tables.sql(query), run, cursor));
    }
}
