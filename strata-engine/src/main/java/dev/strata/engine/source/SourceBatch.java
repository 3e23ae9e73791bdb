package dev.strata.engine.source;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.lit;

import dev.strata.engine.sink.CommitId;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One batch a {@link BatchSource} hands over: its rows, how to explain its malformed records (null when it can have
 * none), its identity for the tables' exactly-once check, and what it consumes.
 */
public record SourceBatch(
        Dataset<Row> rows, UnaryOperator<Dataset<Row>> explainMalformed, CommitId commit, Cursor consumes) {
    /** The run that wrote a row. */
    public static final String RUN_ID = "_run_id";
    /** When a source row was ingested: the time of its batch's run. */
    public static final String INGESTED_AT = "_ingested_at";

    public SourceBatch {
        requireNonNull(rows, "rows is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(consumes, "consumes is null");
    }

    /** Rows read from upstream tables or a query: well formed. */
    public static SourceBatch ofTable(Dataset<Row> rows, BatchRun run, Cursor consumes) {
        return new SourceBatch(rows, null, CommitId.ofRun(run.runId()), consumes);
    }

    /** A source's rows as a bronze batch: stamped with the batch's run id and ingestion time. */
    public static SourceBatch stamped(SourceRead read, BatchRun run, CommitId commit, Cursor consumes) {
        Dataset<Row> rows =
                read.rows().withColumn(INGESTED_AT, lit(run.timestamp())).withColumn(RUN_ID, lit(run.runId()));
        return new SourceBatch(rows, read.explainMalformed(), commit, consumes);
    }

    public boolean mayHaveMalformed() {
        return explainMalformed != null;
    }
}
