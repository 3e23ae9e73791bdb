package dev.strata.engine.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.strata.engine.quality.RowRules;
import dev.strata.engine.source.SourceBatch;
import dev.strata.engine.source.SourceRead;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * A source batch split into its good rows and its explained malformed records, counted on the way: the observation
 * reports the rows and the malformed ones during the pass that reads them.
 *
 * @param malformed the malformed records with their reason, or null when the source cannot have any
 * @param counts the metrics {@code rows} and {@code bad} the observation computes
 */
record InputRows(
        SourceBatch batch, Dataset<Row> good, Dataset<Row> malformed, Observation observation, Column[] counts) {

    /** Observes the batch's rows; where records can be malformed, caches the full rows, then splits them. */
    static InputRows split(SourceBatch batch, Observation observation, PersistedRows cache) {
        Column bad = batch.mayHaveMalformed()
                ? RowRules.countTrue(col(SourceRead.RAW_RECORD).isNotNull())
                : lit(0L);
        Column[] counts = {count(lit(1)).as("rows"), bad.as("bad")};
        Dataset<Row> rows = batch.rows().observe(observation, counts[0], counts[1]);
        if (!batch.mayHaveMalformed()) {
            return new InputRows(batch, rows, null, observation, counts);
        }
        // Spark marks a record malformed only while parsing all of it: cache the full rows, then split.
        rows = cache.persist(rows);
        Dataset<Row> malformed = batch.explainMalformed()
                .apply(rows.filter(col(SourceRead.RAW_RECORD).isNotNull()));
        Dataset<Row> good = rows.filter(col(SourceRead.RAW_RECORD).isNull()).drop(SourceRead.RAW_RECORD);
        return new InputRows(batch, good, malformed, observation, counts);
    }
}
