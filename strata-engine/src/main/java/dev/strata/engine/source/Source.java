package dev.strata.engine.source;

import dev.strata.core.spec.SourceSpec;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Reads one source format. Implementations are found by {@link #format()} through ServiceLoader; each turns into the
 * {@link BatchSource} of a dataset that reads it.
 */
public interface Source {
    /** The format name used in pipeline files, e.g. {@code csv}. */
    String format();

    /**
     * Reads the given files (file formats) or the table at the spec's path. The result has the source's columns, plus
     * {@link SourceRead#SOURCE_FILE} and, where records can be malformed, {@link SourceRead#RAW_RECORD} (NULL for a good
     * row).
     */
    SourceRead read(SparkSession spark, SourceSpec spec, List<String> files);

    /**
     * This source as the batches of the dataset that reads it. By default one batch: the files not ingested yet (file
     * formats) or the table (table formats), read with {@link #read}.
     */
    default BatchSource batches(SourceContext context) {
        return new FileBatches(this, context);
    }
}
