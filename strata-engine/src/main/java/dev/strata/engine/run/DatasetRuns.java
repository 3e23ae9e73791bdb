package dev.strata.engine.run;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.RunStore;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.RetryPolicy;
import dev.strata.engine.lineage.RunLineage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * What a run does around each dataset the {@link DatasetScheduler} starts: tells the listener and lineage, skips a
 * dataset whose upstream failed or that this run already committed, builds the others (with retries), and keeps which
 * datasets failed, so that their downstream is not built.
 */
final class DatasetRuns implements DatasetScheduler.Hooks {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineRunner.class);

    /** The run the datasets belong to. */
    record Run(
            SparkSession spark,
            Pipeline pipeline,
            String runId,
            boolean restricted,
            Ledger ledger,
            TableLocations locations,
            RunStore tables) {}

    private final Run run;
    private final DatasetBuilder builder;
    private final RunListener listener;
    private final TaskProgressListener progress;
    private final RunLineage lineage;
    private final int total;
    private final Set<DatasetName> broken = ConcurrentHashMap.newKeySet();
    private final TableRecords tables;

    DatasetRuns(
            Run run,
            DatasetBuilder builder,
            RunListener listener,
            TaskProgressListener progress,
            RunLineage lineage,
            int total) {
        this.run = run;
        this.builder = builder;
        this.listener = listener;
        this.progress = progress;
        this.lineage = lineage;
        this.total = total;
        this.tables = TableRecords.of(
                run.tables(), run.pipeline().spec().name(), run.runId(), run.locations(), listener, run.restricted());
    }

    @Override
    public void started(DatasetPlan dataset, int index) {
        progress.reset(dataset.name().toString());
        listener.datasetStarted(dataset.name().toString(), index, total);
        lineage.datasetStarted(dataset);
    }

    @Override
    public DatasetResult build(DatasetPlan dataset, SparkSession session) {
        String name = dataset.name().toString();
        List<String> failedUpstream = dataset.upstream().stream()
                .filter(broken::contains)
                .map(DatasetName::toString)
                .toList();
        if (!failedUpstream.isEmpty()) {
            return DatasetResult.notBuilt(
                    name,
                    RunStatus.UPSTREAM_FAILED,
                    "not built: upstream " + String.join(", ", failedUpstream) + " failed");
        }
        DatasetBuilder building = session == run.spark() ? builder : builder.on(session);
        if (run.ledger().entry(name, run.runId()) != null) {
            DatasetResult skipped = DatasetResult.notBuilt(
                    name, RunStatus.SKIPPED, "already committed by run " + run.runId() + "; nothing changed");
            if (building.reprocessing(dataset) == Reprocessing.Kind.FULL_REFRESH) {
                // The refresh committed before an interruption: finish its reset of the earlier entries.
                int reset = building.reset(name, run.runId());
                return skipped.withNote("full refresh: reset " + reset + " more ledger entries of earlier runs");
            }
            return skipped;
        }
        DatasetResult result = new DatasetAttempts(listener, run.restricted(), LOG)
                .build(dataset, building, RetryPolicy.of(run.pipeline().spec(), dataset.spec()));
        tables.record(dataset, result, session);
        return result;
    }

    @Override
    public void finished(DatasetPlan dataset, DatasetResult result) {
        if (result.status() == RunStatus.FAILED || result.status() == RunStatus.UPSTREAM_FAILED) {
            broken.add(dataset.name());
        } else if (result.status() == RunStatus.SUCCEEDED) {
            run.locations().invalidate(dataset.name());
        }
        listener.datasetFinished(result);
        lineage.datasetFinished(result);
    }
}
