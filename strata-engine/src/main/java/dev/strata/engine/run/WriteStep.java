package dev.strata.engine.run;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.WriteMode;
import dev.strata.engine.crypto.ColumnEncryption;
import dev.strata.engine.crypto.Encryptions;
import dev.strata.engine.sink.CommitId;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.sink.WriteRequest;
import dev.strata.engine.sink.WriteResult;
import dev.strata.engine.source.BatchRun;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Step 5 of a batch: the valid rows, encrypted as the dataset says, committed to its table under the batch's id. */
final class WriteStep {
    private final SparkSession spark;
    private final TableLocations locations;
    private final Encryptions encryptions;

    WriteStep(SparkSession spark, TableLocations locations, Encryptions encryptions) {
        this.spark = spark;
        this.locations = locations;
        this.encryptions = encryptions;
    }

    /**
     * Writes the rows.
     *
     * @param rows how many rows there are, or -1 when not known yet: an empty append to an existing table is skipped
     */
    WriteResult write(DatasetPlan plan, Dataset<Row> valid, long rows, CommitId commit, BatchRun run) {
        // Encryption is one more projection on top of the judged batch: it runs in the pass that writes it.
        Optional<ColumnEncryption> encryption =
                encryptions.forDataset(plan.name().toString());
        Dataset<Row> written = encryption.isPresent() ? encryption.get().encrypt(valid) : valid;
        Sink sink = Sinks.forFormat(plan.format().id());
        TableRef table = locations.table(plan.name());
        if (rows == 0 && plan.spec().write().mode() != WriteMode.OVERWRITE && sink.exists(spark, table)) {
            return WriteResult.NOTHING;
        }
        return sink.write(
                written,
                new WriteRequest(table, plan.spec().write(), plan.spec().schemaEvolution(), commit, run.time()));
    }
}
