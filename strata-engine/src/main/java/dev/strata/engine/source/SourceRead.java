package dev.strata.engine.source;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a source produced, and whether some of them may be malformed. Spark decides a text record is malformed only
 * while parsing every column, so a reader must materialize (persist) the full rows before filtering on
 * {@link #MALFORMED_REASON}; a pruned query can miss malformed rows.
 */
public record SourceRead(Dataset<Row> rows, boolean mayHaveMalformed) {
    /** The file a row came from. */
    public static final String SOURCE_FILE = "_source_file";
    /** Why a record could not be read under the declared schema; NULL for a good row. */
    public static final String MALFORMED_REASON = "_malformed_reason";
    /** The raw text of a malformed record. */
    public static final String RAW_RECORD = "_raw_record";

    public SourceRead {
        requireNonNull(rows, "rows is null");
    }
}
