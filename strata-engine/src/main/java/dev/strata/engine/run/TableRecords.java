package dev.strata.engine.run;

import dev.strata.core.ledger.RunStore;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.TableFacts;
import dev.strata.engine.access.QuarantineSamples;
import dev.strata.engine.isolation.FailureDetails;
import dev.strata.engine.sink.Sinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * After each dataset is built, what the console's dataset page shows from the metadata store alone: the table's facts
 * when the run committed to it, and the rows the run quarantined, masked for each role its {@code access:} names and
 * for {@code default} (docs/architecture.md, "What the store keeps of a dataset's table"). Best effort: a failure is
 * logged and noticed once, and the run goes on. Samples are read only when the store keeps them ({@code
 * STRATA_QUARANTINE_SAMPLES}).
 */
final class TableRecords {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TableRecords.class);

    /** Records nothing: no store, or one that keeps no tables. */
    static final TableRecords NONE = new TableRecords(null, null, null, null, RunListener.NONE, false);

    private final RunStore store;
    private final String pipeline;
    private final String runId;
    private final TableLocations locations;
    private final RunListener listener;
    private final boolean restricted;
    private final AtomicBoolean warned = new AtomicBoolean();

    private TableRecords(
            RunStore store,
            String pipeline,
            String runId,
            TableLocations locations,
            RunListener listener,
            boolean restricted) {
        this.store = store;
        this.pipeline = pipeline;
        this.runId = runId;
        this.locations = locations;
        this.listener = listener;
        this.restricted = restricted;
    }

    /** Records in {@code store}, when it keeps tables (null: none). */
    static TableRecords of(
            RunStore store,
            String pipeline,
            String runId,
            TableLocations locations,
            RunListener listener,
            boolean restricted) {
        return store == null || !store.recordsTables()
                ? NONE
                : new TableRecords(store, pipeline, runId, locations, listener, restricted);
    }

    /**
     * Records the dataset's table and quarantine sample as {@code result} says the run left them, on the dataset's
     * session (its Spark jobs are the dataset's). Reads the table's schema (no job where the format knows it), and the
     * quarantine in one small job when the run quarantined rows; nothing else.
     */
    void record(DatasetPlan dataset, DatasetResult result, SparkSession session) {
        if (store == null) {
            return;
        }
        String name = dataset.name().toString();
        try {
            if (result.tableVersion() != null) {
                store.recordTable(runId, facts(dataset, result, session));
            }
            if (result.rowsQuarantined() > 0 && store.recordsQuarantineSamples()) {
                Map<String, QuarantineSample> samples = QuarantineSamples.sample(
                        session,
                        locations.table(dataset.name().quarantine()),
                        dataset.spec().access(),
                        runId,
                        result.rowsQuarantined(),
                        QuarantineSample.STORED_ROWS);
                samples.forEach((role, sample) -> store.recordQuarantineSample(runId, name, role, sample));
            }
        } catch (Exception e) {
            // Exception: Spark throws its checked AnalysisException from Scala code.
            LOG.warn("Cannot record the table of {} in the metadata store", name, e);
            if (warned.compareAndSet(false, true)) {
                listener.notice("the table facts and quarantine sample of " + name + " are not in the metadata store: "
                        + FailureDetails.describe(e, restricted));
            }
        }
    }

    private TableFacts facts(DatasetPlan dataset, DatasetResult result, SparkSession session) {
        String format = dataset.format().id();
        List<TableFacts.Column> columns = new ArrayList<>();
        for (StructField field : Sinks.forFormat(format)
                .read(session, locations.table(dataset.name()))
                .schema()
                .fields()) {
            columns.add(new TableFacts.Column(field.name(), field.dataType().catalogString(), field.nullable()));
        }
        return new TableFacts(
                pipeline,
                dataset.name().toString(),
                format,
                locations.location(dataset.name()),
                result.tableVersion(),
                columns);
    }
}
