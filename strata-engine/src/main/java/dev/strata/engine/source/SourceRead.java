package dev.strata.engine.source;

import static java.util.Objects.requireNonNull;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a source produced. Where records can be malformed, {@link #RAW_RECORD} holds the raw text of each malformed
 * record (NULL for a good row) and {@link #explainMalformed} adds {@link #MALFORMED_REASON} to malformed rows; it is
 * applied to those rows only, so good rows never pay for the explanation.
 *
 * <p>Spark decides a text record is malformed only while parsing every column, so a reader must materialize (persist)
 * the full rows before filtering on {@link #RAW_RECORD}; a pruned query can miss malformed rows.
 */
public record SourceRead(Dataset<Row> rows, UnaryOperator<Dataset<Row>> explainMalformed) {
    /** The file a row came from. */
    public static final String SOURCE_FILE = "_source_file";
    /** Why a record could not be read under the declared schema. */
    public static final String MALFORMED_REASON = "_malformed_reason";
    /** The raw text of a malformed record. */
    public static final String RAW_RECORD = "_raw_record";

    public SourceRead {
        requireNonNull(rows, "rows is null");
    }

    /** Rows of a source whose records cannot be malformed. */
    public static SourceRead wellFormed(Dataset<Row> rows) {
        return new SourceRead(rows, null);
    }

    public boolean mayHaveMalformed() {
        return explainMalformed != null;
    }
}
