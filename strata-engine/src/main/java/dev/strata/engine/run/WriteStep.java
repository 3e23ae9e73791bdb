package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.WriteMode;
import dev.strata.engine.crypto.ColumnEncryption;
import dev.strata.engine.crypto.Encryptions;
import dev.strata.engine.quality.TableStatistics;
import dev.strata.engine.sink.CommitId;
import dev.strata.engine.sink.Replacement;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.StatisticsReader;
import dev.strata.engine.sink.SupportsComments;
import dev.strata.engine.sink.TableComments;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.sink.WriteRequest;
import dev.strata.engine.sink.WriteResult;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.SourceRead;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
    WriteResult write(
            DatasetPlan plan, Dataset<Row> valid, long rows, CommitId commit, BatchRun run, Replacement replacement) {
        // Encryption is one more projection on top of the judged batch: it runs in the pass that writes it.
        Optional<ColumnEncryption> encryption =
                encryptions.forDataset(plan.name().toString());
        Dataset<Row> written = encryption.isPresent() ? encryption.get().encrypt(valid) : valid;
        Sink sink = Sinks.forFormat(plan.format().id());
        TableRef table = locations.table(plan.name());
        if (rows == 0
                && replacement == null
                && plan.spec().write().mode() != WriteMode.OVERWRITE
                && sink.exists(spark, table)) {
            return WriteResult.NOTHING;
        }
        if (replacement != null && !replacement.all() && sink.exists(spark, table)) {
            checkSourceFileColumn(plan, sink.read(spark, table).columns());
        }
        return sink.write(
                written,
                new WriteRequest(
                        table, plan.spec().write(), plan.spec().schemaEvolution(), commit, run.time(), replacement));
    }

    /**
     * How to read the statistics of the files a write of the dataset committed, or null when its format keeps none
     * per commit, or its values are encrypted first (the table's statistics are then of other values).
     */
    Function<WriteResult, Optional<TableStatistics>> committed(DatasetPlan plan) {
        if (!StatisticsReader.readsCommits(plan.format().id())
                || encryptions.forDataset(plan.name().toString()).isPresent()) {
            return null;
        }
        TableRef table = locations.table(plan.name());
        return result -> StatisticsReader.committed(spark, table, plan.format().id(), result.version());
    }

    private static void checkSourceFileColumn(DatasetPlan plan, String[] columns) {
        if (!Arrays.asList(columns).contains(SourceRead.SOURCE_FILE)) {
            throw new StrataException(
                    ErrorCode.DATASET_FAILED,
                    "Cannot backfill " + plan.name() + ": its append table has no " + SourceRead.SOURCE_FILE
                            + " column, so the rows earlier runs loaded from the window's files cannot be found and"
                            + " would be loaded twice (keep " + SourceRead.SOURCE_FILE + " in its transform, give it"
                            + " write.mode: merge with keys, or rebuild it with --full-refresh)");
        }
    }

    /**
     * Brings the table's comments in line with the dataset's {@code description:} and column descriptions, where its
     * format keeps comments and the table exists; returns what changed.
     */
    List<String> comment(DatasetPlan plan) {
        TableComments comments =
                new TableComments(plan.spec().description(), plan.spec().columns());
        Sink sink = Sinks.forFormat(plan.format().id());
        TableRef table = locations.table(plan.name());
        if (comments.isEmpty() || !(sink instanceof SupportsComments commented) || !sink.exists(spark, table)) {
            return List.of();
        }
        return commented.comment(spark, table, comments);
    }
}
