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
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.WriteRequest;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.SourceBatch;
import dev.strata.engine.source.SourceRead;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
    void write(DatasetPlan plan, Dataset<Row> byRules, Dataset<Row> malformed, CommitId commit, BatchRun run) {
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
        if (quarantine != null) {
            append(plan.name(), quarantine, commit, run);
        }
    }

    private static Dataset<Row> stamped(Dataset<Row> rows, BatchRun run) {
        return rows.withColumn(SourceBatch.RUN_ID, lit(run.runId())).withColumn(QUARANTINED_AT, lit(run.timestamp()));
    }

    private void append(DatasetName name, Dataset<Row> rows, CommitId commit, BatchRun run) {
        Dataset<Row> quarantine = encryptions
                .forDataset(name.toString())
                .map(encryption -> encryption.encryptQuarantine(rows))
                .orElse(rows);
        Sinks.forFormat(TableFormat.DELTA.id())
                .write(
                        quarantine,
                        new WriteRequest(
                                locations.table(name.quarantine()),
                                WriteSpec.APPEND,
                                SchemaEvolution.ADD_COLUMNS,
                                commit,
                                run.time()));
    }
}
