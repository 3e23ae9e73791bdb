package dev.strata.engine.run;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.crypto.Encryptions;
import dev.strata.engine.sink.CommitId;
import dev.strata.engine.sink.Replacement;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.sink.WriteRequest;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.SourceBatch;
import dev.strata.engine.source.SourceRead;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 6 of a batch: the rows a rule quarantined and the malformed records, each with its reason, appended to the
 * dataset's quarantine table (Delta) under the batch's id.
 */
final class QuarantineStep {
    static final String REASON = "_reason";
    static final String QUARANTINED_AT = "_quarantined_at";
    /** The rule name a malformed record is quarantined under. */
    static final String MALFORMED_RULE = "malformed_record";

    private final TableLocations locations;
    private final Encryptions encryptions;

    QuarantineStep(TableLocations locations, Encryptions encryptions) {
        this.locations = locations;
        this.encryptions = encryptions;
    }

    /**
     * Writes the quarantined rows, if any.
     *
     * @param byRules the rows rules quarantined, or null when there are none
     * @param malformed the explained malformed records, or null when there are none
     */
    void write(
            DatasetPlan plan,
            Dataset<Row> byRules,
            Dataset<Row> malformed,
            CommitId commit,
            BatchRun run,
            Replacement replacement) {
        // The counts say which branches hold rows, so an empty branch costs no pass over the batch.
        Dataset<Row> quarantine = null;
        if (byRules != null) {
            quarantine = stamped(
                    byRules.withColumn(REASON, concat(lit("broke "), array_join(col(FlagStep.FAILED_RULES), ", "))),
                    run);
        }
        if (malformed != null) {
            Dataset<Row> explained = stamped(
                    malformed
                            .withColumn(
                                    FlagStep.FAILED_RULES,
                                    array(lit(MALFORMED_RULE)).cast(FlagStep.FAILED_RULES_TYPE))
                            .withColumnRenamed(SourceRead.MALFORMED_REASON, REASON),
                    run);
            quarantine = quarantine == null ? explained : quarantine.unionByName(explained, true);
        }
        if (replacement != null) {
            replace(plan.name(), quarantine, commit, run, replacement);
        } else if (quarantine != null) {
            append(plan.name(), quarantine, commit, run, null);
        }
    }

    /**
     * A full refresh replaces the whole quarantine table, emptying it when the batch quarantines nothing; a backfill
     * replaces the rows quarantined from the window's files, where the table records their files.
     */
    private void replace(
            DatasetName name, Dataset<Row> quarantine, CommitId commit, BatchRun run, Replacement replacement) {
        Sink sink = Sinks.forFormat(TableFormat.DELTA.id());
        TableRef table = locations.table(name.quarantine());
        SparkSession spark = SparkSession.active();
        if (!sink.exists(spark, table)) {
            if (quarantine != null) {
                append(name, quarantine, commit, run, replacement.all() ? replacement : null);
            }
            return;
        }
        Dataset<Row> existing = sink.read(spark, table);
        boolean byFile = replacement.all() || Arrays.asList(existing.columns()).contains(SourceRead.SOURCE_FILE);
        Replacement replaced = byFile ? replacement : null;
        if (quarantine != null) {
            append(name, quarantine, commit, run, replaced);
        } else if (replaced != null) {
            // Nothing quarantined now: the replaced rows go, in a commit of no rows (already in the stored form).
            save(name, spark.createDataFrame(List.of(), existing.schema()), commit, run, replaced);
        }
    }

    private static Dataset<Row> stamped(Dataset<Row> rows, BatchRun run) {
        return rows.withColumn(SourceBatch.RUN_ID, lit(run.runId())).withColumn(QUARANTINED_AT, lit(run.timestamp()));
    }

    private void append(DatasetName name, Dataset<Row> rows, CommitId commit, BatchRun run, Replacement replacement) {
        Dataset<Row> quarantine = encryptions
                .forDataset(name.toString())
                .map(encryption -> encryption.encryptQuarantine(rows))
                .orElse(rows);
        save(name, quarantine, commit, run, replacement);
    }

    private void save(DatasetName name, Dataset<Row> rows, CommitId commit, BatchRun run, Replacement replacement) {
        Sinks.forFormat(TableFormat.DELTA.id())
                .write(
                        rows,
                        new WriteRequest(
                                locations.table(name.quarantine()),
                                WriteSpec.APPEND,
                                SchemaEvolution.ADD_COLUMNS,
                                commit,
                                run.time(),
                                replacement));
    }
}
